package org.vistruct.benchmarks;

import static org.vistruct.benchmarks.OpenSearchBenchmark.DAY;
import static org.vistruct.benchmarks.OpenSearchBenchmark.DEVICES;
import static org.vistruct.benchmarks.OpenSearchBenchmark.DIGITS;
import static org.vistruct.benchmarks.OpenSearchBenchmark.LETTERS;
import static org.vistruct.benchmarks.OpenSearchBenchmark.PROVINCES;
import static org.vistruct.benchmarks.OpenSearchBenchmark.T0;
import static org.vistruct.benchmarks.OpenSearchBenchmark.device;
import static org.vistruct.benchmarks.OpenSearchBenchmark.unit;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import org.vistruct.core.Box;
import org.vistruct.core.ColorCode;
import org.vistruct.core.Face;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.PlateClass;
import org.vistruct.core.RecordIds;
import org.vistruct.core.RecordType;
import org.vistruct.core.StructuredRecord;
import org.vistruct.core.VehicleClass;

/**
 * The OpenSearch benchmarks' records, made one at a time from a fixed seed (ten million do not fit
 * in a list): 90 % vehicles with plates over 100 devices and 30 days, every tenth a face of 128
 * values. Two instances of the same size give the same records.
 */
final class SyntheticRecords implements Iterator<StructuredRecord> {
    private final Random rnd = new Random(7);
    private final RecordIds ids = new RecordIds(java.time.ZoneOffset.UTC, 1, 0);
    private final long n;
    private long i;

    SyntheticRecords(long n) { this.n = n; }

    @Override
    public boolean hasNext() { return i < n; }

    @Override
    public synchronized StructuredRecord next() {
        if (i >= n) throw new NoSuchElementException();
        long t = T0 + (long) (rnd.nextDouble() * 30 * DAY);
        String device = device(rnd.nextInt(DEVICES));
        if (i++ % 10 == 9) {
            return new Face(ids.next(device, t, RecordType.Face), device, t, t - 300, t + 300, new Box(10, 10, 90, 120), unit(rnd), 80, null,
                    "d/face.jpg", "d/scene.jpg", null, 0);
        }
        StringBuilder p = new StringBuilder().append(PROVINCES.charAt(rnd.nextInt(PROVINCES.length()))).append(LETTERS.charAt(rnd.nextInt(4)));
        for (int k = 0; k < 5; k++) p.append(rnd.nextInt(3) == 0 ? LETTERS.charAt(rnd.nextInt(LETTERS.length())) : DIGITS.charAt(rnd.nextInt(10)));
        String plate = p.toString();
        ColorCode pc = rnd.nextInt(10) == 0 ? ColorCode.GREEN : ColorCode.BLUE;
        return new MotorVehicle(ids.next(device, t, RecordType.MotorVehicle), device, t, t - 800, t + 800, plate, pc, PlateClass.of(plate, pc),
                60 + rnd.nextInt(40), VehicleClass.values()[rnd.nextInt(5)], 80, ColorCode.values()[rnd.nextInt(7)], 80, new Box(100, 100, 700, 600),
                "d/vehicle.jpg", "d/plate.jpg", "d/scene.jpg", null, 0);
    }

    /** The next record, or null when all were given (for several threads taking from one instance). */
    synchronized StructuredRecord poll() { return hasNext() ? next() : null; }
}
