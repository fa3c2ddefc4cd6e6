package org.vistruct.analyzer.plate;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The reading cascade that measured best: PP-OCRv4 (with the I/O fix), checked against the plate
 * grammar; only when that fails, LPRNet reads the same crop. When neither is valid the more
 * confident reading is returned, marked invalid.
 */
public final class PlateReader implements AutoCloseable {
    private final OcrPlateRecognizer ocr;
    private final LprNetRecognizer lprNet;

    public PlateReader(OcrPlateRecognizer ocr, LprNetRecognizer lprNet) {
        this.ocr = ocr;
        this.lprNet = lprNet;
    }

    public PlateReading read(Mat rectifiedPlate) {
        PlateReading first = ocr.read(rectifiedPlate);
        if (first.valid()) return first;
        PlateReading second = lprNet.read(rectifiedPlate);
        if (second.valid()) return second;
        return first.confidence() >= second.confidence() ? first : second;
    }

    @Override
    public void close() {
        ocr.close();
        lprNet.close();
    }
}
