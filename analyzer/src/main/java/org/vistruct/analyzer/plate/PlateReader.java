package org.vistruct.analyzer.plate;

import org.bytedeco.opencv.opencv_core.Mat;
import org.vistruct.core.PlateGrammar;

/**
 * The reading cascade that measured best: PP-OCRv4 (with the I/O fix), checked against the plate
 * grammar; when that fails, LPRNet's reading of the same crop is used. When PP-OCRv4's reading is
 * valid, LPRNet is a second opinion: every character the two read differently (after the
 * province, where LPRNet is weak, and except the suffixes LPRNet cannot read) halves the
 * confidence. On the labelled plates the two agree everywhere but on the blurred one.
 */
public final class PlateReader {
    private final OcrPlateRecognizer ocr;
    private final LprNetRecognizer lprNet;

    public PlateReader(OcrPlateRecognizer ocr, LprNetRecognizer lprNet) {
        this.ocr = ocr;
        this.lprNet = lprNet;
    }

    public PlateReading read(Mat rectifiedPlate) {
        PlateReading first = ocr.read(rectifiedPlate);
        PlateReading second = lprNet.read(rectifiedPlate);
        if (first.valid()) {
            int k = disagreements(first.text(), second.text());
            if (k == 0) return first;
            return new PlateReading(first.text(), (float) (first.confidence() * Math.pow(0.5, k)), true, first.reader() + "≠lprnet");
        }
        if (second.valid()) return second;
        return first.confidence() >= second.confidence() ? first : second;
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
