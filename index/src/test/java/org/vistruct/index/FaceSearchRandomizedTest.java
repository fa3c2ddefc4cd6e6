package org.vistruct.index;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vistruct.core.Box;
import org.vistruct.core.Face;
import org.vistruct.core.Person;
import org.vistruct.core.RecordType;
import org.vistruct.core.StructuredRecord;

/** Random faces and people; face search with filters must agree with a brute-force cosine ranking. */
class FaceSearchRandomizedTest {
    private static final String[] DEVICES = {"34020000001320000001", "34020000001320000002", "34020000001320000003"};

    @Test
    void filteredFaceSearchMatchesBruteForce(@TempDir Path dir) throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        List<Face> faces = new ArrayList<>();
        try (RecordIndex index = new RecordIndex(dir)) {
            for (int i = 0; i < 1500; i++) {
                long t = 1_700_000_000_000L + rnd.nextInt(100_000) * 1000L;
                Face f = new Face(String.format("%048d", i), DEVICES[rnd.nextInt(3)], t, t - 100, t + 100, new Box(1, 2, 3, 4),
                        randomUnit(rnd, 32), rnd.nextInt(101), rnd.nextBoolean() ? String.format("P%047d", i) : null, "f", "s", "/v.mp4", i);
                faces.add(f);
                index.add(f);
                index.add(new Person(String.format("Q%047d", i), f.deviceId(), t, t, t, new Box(0, 0, 9, 9), 80, "b", "s", "/v.mp4", i));
            }
            for (int q = 0; q < 50; q++) {
                float[] target = randomUnit(rnd, 32);
                String device = DEVICES[rnd.nextInt(3)];
                long from = 1_700_000_000_000L + rnd.nextInt(50_000) * 1000L, to = from + 50_000_000L;
                int k = 1 + rnd.nextInt(20);
                List<String> expected = faces.stream().filter(f -> f.deviceId().equals(device) && f.shotTime() >= from && f.shotTime() < to)
                        .sorted(Comparator.comparingDouble((Face f) -> -cos(f.feature(), target))).limit(k).map(Face::faceId).toList();
                List<FaceHit> hits = index.searchFaces(new FaceQuery(target, k, 0f, Set.of(device), from, to));
                assertEquals(expected, hits.stream().map(h -> h.face().faceId()).toList(), "seed " + seed);
                for (FaceHit h : hits) {
                    assertEquals(Math.max(0, cos(h.face().feature(), target)), h.similarity(), 1e-4, "similarity is the cosine");
                    assertEquals(device, h.face().deviceId());
                }
            }
            Face one = faces.get(rnd.nextInt(faces.size()));
            assertEquals(one, index.get(one.faceId()), "a face round-trips, feature included");
            List<StructuredRecord> people = index.search(RecordQuery.all(5000).withTypes(Set.of(RecordType.Person)));
            assertEquals(1500, people.size());
            assertTrue(people.stream().allMatch(r -> r instanceof Person));
            var minimum = index.searchFaces(new FaceQuery(faces.get(0).feature(), 10, 0.99f, Set.of(), null, null));
            assertEquals(faces.get(0).faceId(), minimum.get(0).face().faceId(), "a face finds itself first");
            assertTrue(minimum.stream().allMatch(h -> h.similarity() >= 0.99f));
        }
    }

    private static float[] randomUnit(Random rnd, int dim) {
        float[] v = new float[dim];
        double n = 0;
        for (int i = 0; i < dim; i++) n += (v[i] = (float) rnd.nextGaussian()) * v[i];
        for (int i = 0; i < dim; i++) v[i] /= (float) Math.sqrt(n);
        return v;
    }

    private static float cos(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
