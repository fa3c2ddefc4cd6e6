package org.vistruct.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vistruct.core.Box;
import org.vistruct.core.ColorCode;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.VehicleClass;

/** Vehicle passes as columns: what a scan hands over is what was written; passes of an earlier version are counted, then given their columns. */
class PassViewTest {
    @TempDir
    Path dir;

    static MotorVehicle vehicle(Random r, int i) {
        ColorCode[] colors = ColorCode.values();
        VehicleClass[] classes = VehicleClass.values();
        return new MotorVehicle(String.format("%048d", i), "3401000000132000000" + r.nextInt(10), 1_700_000_000_000L + r.nextInt(1_000_000) * 1000L, 0, 0,
                "皖A" + String.format("%05d", r.nextInt(300)), r.nextBoolean() ? null : colors[r.nextInt(colors.length)], null, r.nextInt(101),
                r.nextBoolean() ? null : classes[r.nextInt(classes.length)], r.nextInt(101), r.nextBoolean() ? null : colors[r.nextInt(colors.length)],
                r.nextInt(101), new Box(0, 0, 1, 1), null, null, null, null, 0);
    }

    @Test
    void columnsAreWhatWasWritten() throws Exception {
        Random r = new Random(11);
        Map<String, MotorVehicle> written = new HashMap<>();
        try (RecordIndex index = new RecordIndex(dir.resolve("i"))) {
            for (int i = 0; i < 3000; i++) {
                MotorVehicle v = vehicle(r, i);
                index.add(v);
                written.put(v.id(), v);
                if (i % 700 == 0) index.commit();
            }
            try (PassView view = index.passes()) {
                List<long[]> seen = new ArrayList<>();
                long n = view.scan(RecordQuery.all(1), (p, d, t, a, ref) -> seen.add(new long[] {p, d, t, a, ref}));
                assertEquals(3000, n);
                long[] refs = seen.stream().mapToLong(x -> x[4]).toArray();
                List<MotorVehicle> records = view.records(refs);
                for (int i = 0; i < seen.size(); i++) {
                    long[] s = seen.get(i);
                    MotorVehicle v = written.get(records.get(i).id());
                    assertEquals(v.plateNo(), view.plate((int) s[0]));
                    assertEquals(v.deviceId(), view.device((int) s[1]));
                    assertEquals(v.passTime(), s[2]);
                    long a = s[3];
                    assertEquals(v.plateColor() == null ? 0 : v.plateColor().code(), PassAttributes.plateColor(a));
                    assertEquals(v.vehicleColor() == null ? 0 : v.vehicleColor().code(), PassAttributes.vehicleColor(a));
                    assertEquals(v.vehicleClass(), PassAttributes.vehicleClass(a));
                    assertEquals(v.plateReliability(), PassAttributes.plateReliability(a));
                    assertEquals(v.vehicleColorReliability(), PassAttributes.vehicleColorReliability(a));
                    assertEquals(v.vehicleClassReliability(), PassAttributes.vehicleClassReliability(a));
                }
                assertEquals(0, view.uncolumned(null, null));
                int id = view.plateId(written.values().iterator().next().plateNo());
                index.commit();
                for (int i = 3000; i < 3100; i++) index.add(vehicle(r, i));
                try (PassView later = index.passes()) {
                    assertEquals(id, later.plateId(written.values().iterator().next().plateNo()), "plate ids stay the same across refreshes");
                }
            }
        }
    }

    @Test
    void passesOfAnEarlierVersionAreCountedThenGivenColumns() throws Exception {
        Random r = new Random(5);
        List<MotorVehicle> old = new ArrayList<>();
        // as an earlier version wrote them: no _dev, no _pass
        try (FSDirectory d = FSDirectory.open(dir.resolve("i")); IndexWriter w = new IndexWriter(d, new IndexWriterConfig().setIndexSort(
                new org.apache.lucene.search.Sort(new org.apache.lucene.search.SortField(RecordDocuments.TIME, org.apache.lucene.search.SortField.Type.LONG, true))))) {
            for (int i = 0; i < 1500; i++) {
                MotorVehicle v = vehicle(r, i);
                Document doc = RecordDocuments.of(v);
                doc.removeFields(ColumnPassView.DEVICE);
                doc.removeFields(ColumnPassView.ATTRIBUTES);
                w.addDocument(doc);
                old.add(v);
            }
            w.commit();
        }
        try (RecordIndex index = new RecordIndex(dir.resolve("i"))) {
            for (int i = 1500; i < 1510; i++) index.add(vehicle(r, i));
            try (PassView view = index.passes()) {
                assertEquals(10, view.scan(RecordQuery.all(1), (p, d, t, a, ref) -> { }));
                assertEquals(1500, view.uncolumned(null, null));
            }
            assertEquals(1500, index.addMissingColumns());
            assertEquals(0, index.addMissingColumns());
            try (PassView view = index.passes()) {
                assertEquals(1510, view.scan(RecordQuery.all(1), (p, d, t, a, ref) -> { }));
                assertEquals(0, view.uncolumned(null, null));
            }
            for (MotorVehicle v : old.subList(0, 50)) assertEquals(v, index.get(v.id()), "the record itself is unchanged");
            assertTrue(index.count() >= 1510);
        }
    }
}
