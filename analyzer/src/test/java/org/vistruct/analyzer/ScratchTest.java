package org.vistruct.analyzer;

import java.nio.file.*;
import java.util.*;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.vistruct.analyzer.model.*;
import org.vistruct.analyzer.plate.*;
import org.vistruct.analyzer.vehicle.*;
import org.vistruct.core.SharedDirectory;
import org.vistruct.decoder.*;

class ScratchTest {
    @Test
    void run() throws Exception {
        Path shared = SharedDirectory.require();
        ModelFiles files = ModelFiles.standard(Path.of("/tmp/none"), shared);
        InferenceOptions o = InferenceOptions.defaults();
        var det320 = new PlateDetector(320, files, o, 0.3f);
        var det640 = new PlateDetector(640, files, o, 0.3f);
        var reader = new PlateReader(new OcrPlateRecognizer(files, o), new LprNetRecognizer(files, o));
        var ocr = new OcrPlateRecognizer(files, o);
        var color = new PlateColorClassifier(files, o);
        var objects = new ObjectDetector(files, o, 0.3f);
        for (String line : Files.readAllLines(shared.resolve("media/labels/plates.csv")).subList(1, 25)) {
            String[] f = line.split(",", -1);
            Mat m = BgrMats.toMat(ImageFileSource.decode(Files.readAllBytes(shared.resolve("media").resolve(f[0])), f[0]));
            StringBuilder sb = new StringBuilder(f[0] + " [" + f[1] + "] " + m.cols() + "x" + m.rows() + ": ");
            for (var d : objects.detect(m)) sb.append(d.className()).append(String.format("%.2f ", d.score()));
            for (var det : List.of(det320, det640)) {
                sb.append(" | ");
                for (PlateCandidate c : det.detect(m)) {
                    Mat p = PlateRectifier.rectify(m, c);
                    PlateReading r = reader.read(p);
                    sb.append(String.format("%s(%.2f,%s,%s,%.2f,%dx%d,%s) ", r.text(), r.confidence(), r.valid(), r.reader(), c.score(), c.box().width(), c.box().height(), color.classify(p, r.text()).color()));
                }
            }
            if (f[0].contains("crop")) sb.append(" | whole: ").append(reader.read(m));
            System.out.println(sb);
        }
    }
}
