package org.vistruct.analyzer;

/**
 * Tunables of the vehicle and plate analysis.
 *
 * @param plateDetectorSize   320 (fast) or 640 (small, far plates)
 * @param minObjectScore      detector score below which vehicles and people are ignored
 * @param minPlateScore       plate-detector score below which plates are ignored
 * @param trackTimeoutMs      a track not seen for this long (stream time) has ended
 * @param trackMaxAgeMs       a track is closed and written after this long even if still visible
 * @param readsPerTrack       how many of a track's best plate shots are read and voted on
 * @param sceneCutThreshold   mean grey-level change (0-255) between sampled frames taken as a cut
 * @param minVehicleAreaShare smallest vehicle (share of the frame) written without a plate
 */
public record AnalyzerSettings(int plateDetectorSize, float minObjectScore, float minPlateScore, long trackTimeoutMs,
                               long trackMaxAgeMs, int readsPerTrack, double sceneCutThreshold, double minVehicleAreaShare) {
    public AnalyzerSettings {
        if (plateDetectorSize != 320 && plateDetectorSize != 640) throw new IllegalArgumentException("analysis.plate-detector must be 320 or 640");
        if (readsPerTrack < 1 || readsPerTrack > 20) throw new IllegalArgumentException("analysis.reads-per-track must be 1-20");
        if (trackTimeoutMs <= 0 || trackMaxAgeMs <= 0) throw new IllegalArgumentException("track times must be positive");
    }

    public static AnalyzerSettings defaults() {
        return new AnalyzerSettings(640, 0.35f, 0.5f, 1500, 60_000, 3, 50.0, 0.02);
    }
}
