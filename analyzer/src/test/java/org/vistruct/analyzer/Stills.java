package org.vistruct.analyzer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import org.vistruct.core.RecordIds;
import org.vistruct.decoder.DecodedFrame;
import org.vistruct.decoder.ImageFileSource;

/** A picture through the analyser as a still (the path of uploaded and checkpoint pictures). */
final class Stills {
    private Stills() {}

    /** The vehicles the analyser writes for this picture. */
    static List<VehiclePass> vehicles(AnalysisModels models, Path picture) throws Exception {
        byte[] bytes = Files.readAllBytes(picture);
        try (StreamAnalyzer a = new StreamAnalyzer(models, AnalyzerSettings.defaults(), true, "34020000001320000001",
                new RecordIds(ZoneId.of("Asia/Shanghai")))) {
            return a.accept(new DecodedFrame(ImageFileSource.decode(bytes, picture.toString()), 0, 0, true)).stream()
                    .filter(p -> p instanceof VehiclePass).map(VehiclePass.class::cast).toList();
        }
    }
}
