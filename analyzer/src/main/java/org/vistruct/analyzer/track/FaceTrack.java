package org.vistruct.analyzer.track;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.vistruct.analyzer.face.DetectedFace;
import org.vistruct.analyzer.face.FaceAligner;
import org.vistruct.analyzer.face.FaceQuality;
import org.vistruct.core.Box;

/**
 * One face followed across frames: it keeps the best few aligned shots (for the feature; each shot
 * is embedded at most once), the frame of the best one (for the pictures), and which person's box
 * held it most often.
 */
public final class FaceTrack extends BoxTrack<FaceTrack.Sighting> {
    /** A face in one frame, with the person record whose box held it (or null). */
    public record Sighting(DetectedFace face, String personId) {}

    /** An aligned face with its quality (0-1), and its feature once computed (computed once, however often asked). */
    public static final class Shot {
        private final Mat aligned;
        private final float quality;
        private float[] feature;

        Shot(Mat aligned, float quality) {
            this.aligned = aligned;
            this.quality = quality;
        }

        public Mat aligned() { return aligned; }

        public float quality() { return quality; }

        public float[] feature(java.util.function.Function<Mat, float[]> embedder) {
            if (feature == null) feature = embedder.apply(aligned);
            return feature;
        }
    }

    private final int maxShots;
    private final List<Shot> shots = new ArrayList<>();
    private final Map<String, Integer> personVotes = new HashMap<>();
    private final BestView<DetectedFace> best = new BestView<>();
    private boolean writtenEarly;

    public FaceTrack(String recordId, int maxShots, long wallMs) {
        super(recordId, wallMs);
        this.maxShots = maxShots;
    }

    @Override
    protected void observe(Sighting s, Mat frame, long wallMs, long offsetMs) {
        if (s.personId() != null) personVotes.merge(s.personId(), 1, Integer::sum);
        Mat aligned = FaceAligner.align(frame, s.face().landmarks());
        float q = FaceQuality.of(s.face(), aligned);
        best.offer(s.face(), q, frame, wallMs, offsetMs);
        if (shots.size() >= maxShots && q <= shots.get(shots.size() - 1).quality()) {
            aligned.close();
            return;
        }
        shots.add(new Shot(aligned, q));
        shots.sort(Comparator.comparingDouble(Shot::quality).reversed());
        while (shots.size() > maxShots) shots.remove(shots.size() - 1).aligned().close();
    }

    @Override
    protected float match(Sighting s) { return last().face().box().iou(s.face().box()); }

    public List<Shot> shots() { return shots; }

    public BestView<DetectedFace> best() { return best; }

    /** Whether a provisional record of this face was written while it was in view. */
    public boolean writtenEarly() { return writtenEarly; }

    public void markWrittenEarly() { writtenEarly = true; }

    /** The person whose box held this face in most frames, or null. */
    public String personId() {
        return personVotes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    /** The face close-up: the face box with a margin. */
    public Box closeUpBox() { return best.sighting().box().expand(0.3f); }

    @Override
    public void release() {
        best.release();
        shots.forEach(s -> s.aligned().close());
        shots.clear();
    }
}
