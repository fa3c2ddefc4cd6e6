package org.vistruct.analyzer.plate;

import org.bytedeco.opencv.opencv_core.Mat;
import org.vistruct.core.PlateGrammar;

/**
 * The reading cascade that measured best: PP-OCRv4 (with the I/O fix), checked against the plate
 * grammar; when that fails, LPRNet's reading of the same crop is used. When PP-OCRv4's reading is
 * valid, LPRNet is a second opinion: every character the two read differently (after the
 * province, where LPRNet is weak, and except the suffixes LPRNet cannot read) halves the
 * confidence. On the labelled plates the two agree everywhere but on the blurred one. A reading
 * that lacks only its province goes to {@link ProvinceRepair}; when LPRNet's reading is valid too,
 * the more confident of the two is kept. LPRNet's province counts only where PP-OCRv4 saw room for one.
 */
public final class PlateReader {
    private final OcrPlateRecognizer ocr;
    private final LprNetRecognizer lprNet;
    private final ProvinceRepair provinces;

    public PlateReader(OcrPlateRecognizer ocr, LprNetRecognizer lprNet, ProvinceRepair provinces) {
        this.ocr = ocr;
        this.lprNet = lprNet;
        this.provinces = provinces;
    }

    public PlateReading read(Mat rectifiedPlate) {
        Recognition byOcr = ocr.read(rectifiedPlate);
        Recognition byLprNet = lprNet.read(rectifiedPlate);
        PlateReading first = byOcr.reading();
        PlateReading second = provinces.unseenProvinceRemoved(byLprNet.reading(), byOcr);
        if (first.valid()) return withSecondOpinion(first, second);
        PlateReading repaired = provinces.repair(byOcr, byLprNet);
        if (repaired != null && repaired.valid()) {
            // both valid: the more confident one, PP-OCRv4 on a tie, less sure for each character they differ in
            return second.valid() && second.confidence() > repaired.confidence()
                    ? withSecondOpinion(second, repaired) : withSecondOpinion(repaired, second);
        }
        if (second.valid()) return second;
        if (repaired != null) return repaired;
        return first.confidence() >= second.confidence() ? first : second;
    }

    private static PlateReading withSecondOpinion(PlateReading reading, PlateReading other) {
        int k = disagreements(reading.text(), other.text());
        if (k == 0) return reading;
        return new PlateReading(reading.text(), (float) (reading.confidence() * Math.pow(0.5, k)), true, reading.reader() + "≠" + other.reader());
    }

    /** Characters read differently by the two readers, from the second character on. */
    static int disagreements(String a, String b) {
        int n = Math.min(a.length(), b.length()), k = Math.abs(a.length() - b.length());
        for (int i = 1; i < n; i++) {
            if (PlateGrammar.SUFFIXES.indexOf(a.charAt(i)) >= 0) {
                if (i == a.length() - 1) k -= Math.max(0, b.length() - a.length()); // LPRNet spells a suffix as other characters
                continue;
            }
            if (a.charAt(i) != b.charAt(i)) k++;
        }
        return Math.max(0, k);
    }
}
