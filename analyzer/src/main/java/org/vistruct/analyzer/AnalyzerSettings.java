package org.vistruct.analyzer;

/**
 * Tunables of the analysis.
 *
 * @param vehicles            whether vehicles and plates are analysed
 * @param persons             whether people get Person records
 * @param faces               whether faces are detected, recognised and recorded
 * @param plateDetectorSize   320 (fast) or 640 (small, far plates)
 * @param minObjectScore      detector score below which vehicles are ignored
 * @param minPersonScore      detector score below which people are ignored
 * @param minPlateScore       plate-detector score below which plates are ignored
 * @param minFaceScore        YuNet score below which faces are ignored (0.6 keeps painted faces out)
 * @param minFaceSize         smallest face (pixels) analysed
 * @param trackTimeoutMs      a track not seen for this long (stream time) has ended
 * @param trackMaxAgeMs       a track is closed and written after this long even if still visible
 * @param readsPerTrack       how many of a track's best plate or face shots are read and combined
 * @param sceneCutThreshold   mean grey-level change (0-255) between sampled frames taken as a cut
 * @param minVehicleAreaShare smallest vehicle (share of the frame) written without a plate
 * @param earlyRecords        a vehicle whose plate has been seen readsPerTrack times is written at once
 *                            (provisional, so watch-list alerts need not wait for it to leave) and
 *                            rewritten, same id, when its track ends
 * @param fullPassMs          motion gating of video: while nothing is followed and the picture has not changed
 *                            ({@link org.vistruct.analyzer.track.MotionGate}), the detectors run only once per
 *                            this long (media time); 0 runs them on every sampled frame
 * @param platesInVehicles    the plate detector runs inside the vehicle boxes (320 model), not on the whole frame;
 *                            close-ups and frames without a vehicle are still searched whole
 * @param localProvinces      provinces this deployment mostly sees (its own and its neighbours, e.g. "皖苏浙豫鄂赣"):
 *                            a plate whose province had to be recovered takes one of these only in a near tie
 */
public record AnalyzerSettings(boolean vehicles, boolean persons, boolean faces, int plateDetectorSize, float minObjectScore,
                               float minPersonScore, float minPlateScore, float minFaceScore, int minFaceSize, long trackTimeoutMs,
                               long trackMaxAgeMs, int readsPerTrack, double sceneCutThreshold, double minVehicleAreaShare, boolean earlyRecords,
                               long fullPassMs, boolean platesInVehicles, String localProvinces) {
    public AnalyzerSettings {
        if (plateDetectorSize != 320 && plateDetectorSize != 640) throw new IllegalArgumentException("analysis.plate-detector must be 320 or 640");
        if (readsPerTrack < 1 || readsPerTrack > 20) throw new IllegalArgumentException("analysis.reads-per-track must be 1-20");
        if (trackTimeoutMs <= 0 || trackMaxAgeMs <= 0) throw new IllegalArgumentException("track times must be positive");
        if (fullPassMs < 0) throw new IllegalArgumentException("analysis.full-pass-ms must be 0 (no motion gating) or more");
        if (minFaceSize < 4) throw new IllegalArgumentException("analysis.min-face-size must be at least 4 pixels");
        try {
            org.vistruct.analyzer.plate.ProvinceRepair.requireProvinces(localProvinces);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("analysis.local-provinces takes province characters (e.g. 皖苏浙): " + e.getMessage());
        }
    }

    public static AnalyzerSettings defaults() {
        return new AnalyzerSettings(true, true, true, 640, 0.35f, 0.5f, 0.5f, 0.8f, 16, 1500, 60_000, 3, 50.0, 0.02, true, 2000, false, "");
    }

    /** These settings with motion gating's full-pass interval changed (0: no gating). */
    public AnalyzerSettings withFullPassMs(long ms) {
        return new AnalyzerSettings(vehicles, persons, faces, plateDetectorSize, minObjectScore, minPersonScore, minPlateScore, minFaceScore,
                minFaceSize, trackTimeoutMs, trackMaxAgeMs, readsPerTrack, sceneCutThreshold, minVehicleAreaShare, earlyRecords, ms, platesInVehicles, localProvinces);
    }

    /** These settings with plates searched inside vehicle boxes or on whole frames. */
    public AnalyzerSettings withPlatesInVehicles(boolean inVehicles) {
        return new AnalyzerSettings(vehicles, persons, faces, plateDetectorSize, minObjectScore, minPersonScore, minPlateScore, minFaceScore,
                minFaceSize, trackTimeoutMs, trackMaxAgeMs, readsPerTrack, sceneCutThreshold, minVehicleAreaShare, earlyRecords, fullPassMs, inVehicles, localProvinces);
    }
}
