package org.vistruct.analyzer;

import java.nio.file.*;
import java.util.*;
import org.junit.jupiter.api.Test;
import org.vistruct.analyzer.model.*;
import org.vistruct.core.SharedDirectory;
import org.vistruct.decoder.*;

class ScratchTest {
    @Test
    void run() throws Exception {
        Path shared = SharedDirectory.require();
        ModelFiles files = ModelFiles.standard(Path.of("/tmp/none"), shared);
        for (int size : new int[] {320, 640}) {
          for (String v : new String[] {"plates_slideshow_h264.mp4", "synth_cn_street_pan_1280x720.mp4"}) {
            var s = AnalyzerSettings.defaults();
            s = new AnalyzerSettings(size, s.minObjectScore(), s.minPlateScore(), s.trackTimeoutMs(), s.trackMaxAgeMs(), s.readsPerTrack(), s.sceneCutThreshold(), s.minVehicleAreaShare());
            try (var models = new AnalysisModels(files, InferenceOptions.defaults(), s);
                 var src = Sources.open(shared.resolve("media/video/" + v).toString(), DecodeOptions.defaults(), 0);
                 var an = new StreamAnalyzer(models, s, false)) {
                long t0 = System.nanoTime();
                List<VehiclePass> all = new ArrayList<>();
                for (DecodedFrame f; (f = src.next()) != null; ) all.addAll(an.accept(f));
                all.addAll(an.flush(1280 * 720));
                double sec = (System.nanoTime() - t0) / 1e9;
                System.out.printf("size %d %s: %d frames in %.1f s (%.1f fps)%n", size, v, an.framesAnalysed(), sec, an.framesAnalysed() / sec);
                for (var p : all) System.out.printf("  %5d-%5d best %5d %s rel=%s pc=%s vc=%s/%d col=%s/%d box=%s%n", p.appearTime(), p.disappearTime(), p.offsetMs(), p.plate() == null ? "-" : p.plate().text(), p.plate() == null ? "" : p.plate().reliability() + "/" + p.plate().agreeing() + "of" + p.plate().readings(), p.plateColor(), p.vehicleClass(), p.vehicleClassConfidence(), p.vehicleColor(), p.vehicleColorConfidence(), p.box());
            }
          }
        }
    }
}
