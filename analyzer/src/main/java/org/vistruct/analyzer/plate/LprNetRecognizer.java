package org.vistruct.analyzer.plate;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.vistruct.analyzer.image.ChwTensor;
import org.vistruct.analyzer.model.ModelException;
import org.vistruct.analyzer.model.ModelFiles;
import org.vistruct.analyzer.model.ModelManifest;
import org.vistruct.analyzer.model.InferenceEngine;
import org.vistruct.analyzer.model.OnnxModel;

/**
 * LPRNet (sirius-ai weights): the fallback reader when PP-OCRv4's text fails the grammar.
 * Pre-processing: 94×24, BGR, (x − 127.5)/128. Output: logits [1, 68, 18] class × time, greedy CTC
 * with blank at 67. Knows no 警学港澳领使挂.
 */
public final class LprNetRecognizer {
    private static final String CHARS = "京沪津渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云藏陕甘青宁新0123456789ABCDEFGHJKLMNPQRSTUVWXYZIO";
    private final OnnxModel model;
    private final ChwTensor tensor = new ChwTensor(94, 24, false, 1f / 128f, -127.5f / 128f);
    private final Mat resized = new Mat();
    private final String[] charOf;
    private final int[] provinceClass;

    public LprNetRecognizer(InferenceEngine engine) {
        ModelManifest manifest = ModelManifest.load("lprnet");
        this.model = engine.session(manifest.name());
        this.charOf = charset(engine.files(), manifest);
        this.provinceClass = ProvinceSlot.provinceClasses(charOf);
    }

    /** The class list: lprnet_sirius_chars.txt beside the model when present, else the built-in list (the same). */
    private static String[] charset(ModelFiles files, ModelManifest manifest) {
        Path model = files.find(manifest);
        Path list = model == null ? null : model.resolveSibling("lprnet_sirius_chars.txt");
        String[] out = new String[68];
        try {
            if (list != null && Files.isRegularFile(list)) {
                List<String> lines = Files.readAllLines(list, StandardCharsets.UTF_8);
                if (lines.size() < 67) throw new ModelException(list + " lists " + lines.size() + " classes, expected 68");
                for (int i = 0; i < 67; i++) out[i] = lines.get(i).trim();
                return out;
            }
        } catch (IOException e) {
            throw new ModelException("cannot read " + list + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < 67; i++) out[i] = String.valueOf(CHARS.charAt(i));
        return out;
    }

    public Recognition read(Mat plate) {
        try (Size s = new Size(94, 24)) {
            resize(plate, resized, s, 0, 0, INTER_LINEAR);
        }
        tensor.put(resized, 0, 0);
        float[] out;
        long[] shape;
        try (OrtSession.Result r = model.run(tensor.buffer(), tensor.shape())) {
            out = OnnxModel.floats(r, 0);
            shape = OnnxModel.shape(r, 0);
        }
        int steps = (int) shape[2], classes = (int) shape[1];
        CtcDecoder.Decoded d = CtcDecoder.decode(out, steps, classes, false, true, charOf);
        return new Recognition(OcrPlateRecognizer.toPlate(d, "lprnet"), ProvinceSlot.of(d, out, steps, classes, false, true, provinceClass));
    }

    public OnnxModel model() { return model; }
}
