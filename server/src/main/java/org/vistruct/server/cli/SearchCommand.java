package org.vistruct.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.vistruct.core.ColorCode;
import org.vistruct.core.Face;
import org.vistruct.core.GaTime;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.Person;
import org.vistruct.core.RecordType;
import org.vistruct.core.StructuredRecord;
import org.vistruct.core.VehicleClass;
import org.vistruct.index.FaceHit;
import org.vistruct.index.FaceQuery;
import org.vistruct.index.PlatePattern;
import org.vistruct.index.RecordIndex;
import org.vistruct.index.RecordStore;
import org.vistruct.index.RecordQuery;
import org.vistruct.server.QueryFaceEncoder;
import org.vistruct.server.RecordJson;
import org.vistruct.server.VistructConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "search", description = "Search records by attributes (newest first) or by a face photo (most similar first).")
final class SearchCommand implements Callable<Integer> {
    @ParentCommand
    VistructCommand top;

    @Option(names = "--type", paramLabel = "TYPE", split = ",", description = "MotorVehicle, Face or Person (repeat or comma-separate for several).")
    List<String> types;

    @Option(names = "--plate", paramLabel = "PATTERN", description = "Plate, exact or with * (any run) and ? (one character), e.g. 皖A*62*; 无车牌 for vehicles without a plate.")
    String plate;

    @Option(names = "--plate-color", paramLabel = "COLOR", description = "GA/T 1400 colour code or name (5, blue, 蓝).")
    String plateColor;

    @Option(names = "--vehicle-color", paramLabel = "COLOR", description = "GA/T 1400 colour code or name.")
    String vehicleColor;

    @Option(names = "--vehicle-class", paramLabel = "CODE", description = "GA/T 16.4 class: K11, K31, K33, H21, M21, X99.")
    String vehicleClass;

    @Option(names = "--face", paramLabel = "IMAGE", description = "Find the faces most like the (largest) face in this photo.")
    Path face;

    @Option(names = "--face-index", paramLabel = "N", defaultValue = "0", description = "Which face of the photo, 0 = largest, 1 = next largest … (default ${DEFAULT-VALUE}).")
    int faceIndex;

    @Option(names = "--min-similarity", paramLabel = "S", defaultValue = "0.3", description = "Smallest face similarity (0-1) to show (default ${DEFAULT-VALUE}).")
    float minSimilarity;

    @Option(names = "--device", paramLabel = "ID", description = "DeviceID (repeat for several).")
    List<String> devices;

    @Option(names = "--from", paramLabel = "TIME", description = "Time from (inclusive), yyyy-MM-ddTHH:mm:ss.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Time to (exclusive), yyyy-MM-ddTHH:mm:ss.")
    String to;

    @Option(names = "--limit", defaultValue = "50", description = "Most records to show (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "One JSON object per line with GA/T 1400 field names.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        VistructConfig config = top.loadConfig();
        ZoneId zone = config.zone();
        Long fromMs = from == null ? null : GaTime.parse(from, zone), toMs = to == null ? null : GaTime.parse(to, zone);
        Set<String> deviceSet = devices == null ? Set.of() : Set.copyOf(devices);
        if (face != null) {
            FaceQuery q = new FaceQuery(queryFeature(config), limit, minSimilarity, deviceSet, fromMs, toMs);
            List<FaceHit> hits;
            try (RecordStore index = openIndex(config)) {
                hits = index.searchFaces(q);
            }
            printFaces(hits, zone);
            return 0;
        }
        Set<RecordType> typeSet = types == null ? Set.of() : types.stream().map(RecordType::parse).collect(Collectors.toSet());
        RecordQuery q = new RecordQuery(plate == null ? null : new PlatePattern(plate),
                plateColor == null ? null : ColorCode.parse(plateColor), vehicleColor == null ? null : ColorCode.parse(vehicleColor),
                vehicleClass == null ? null : VehicleClass.parse(vehicleClass), deviceSet, fromMs, toMs, limit, typeSet);
        List<StructuredRecord> found;
        try (RecordStore index = openIndex(config)) {
            found = index.search(q);
        }
        if (json) {
            for (StructuredRecord r : found) System.out.println(RecordJson.of(r, zone));
            return 0;
        }
        for (StructuredRecord r : found) System.out.println(line(r, zone));
        System.out.println(found.size() + " records");
        return 0;
    }

    /** The configured store: the data directory's index (opened for reading beside no server), or the cluster. */
    private RecordStore openIndex(VistructConfig config) throws java.io.IOException {
        if (config.get("index.backend").equals("opensearch")) return org.vistruct.server.VistructRuntime.openIndex(config, top.data);
        if (!Files.isDirectory(top.data.resolve("index"))) {
            throw new IllegalArgumentException("no index in " + top.data.toAbsolutePath() + ": run 'vistruct analyze' first or pass --data");
        }
        return new RecordIndex(top.data.resolve("index"));
    }

    /** The feature of the chosen face of the query photo, or a clear error when it shows none. */
    private float[] queryFeature(VistructConfig config) throws Exception {
        if (!Files.isReadable(face)) throw new IllegalArgumentException(face + ": cannot read the query photo");
        try (QueryFaceEncoder encoder = new QueryFaceEncoder(ModelsCommand.files(top), config.inferenceOptions(), config.analyzerSettings())) {
            return encoder.encode(Files.readAllBytes(face), face.toString(), faceIndex);
        }
    }

    private void printFaces(List<FaceHit> hits, ZoneId zone) {
        for (FaceHit h : hits) {
            if (json) {
                var n = RecordJson.of(h.face(), zone);
                n.put("Similarity", Math.round(h.similarity() * 1000) / 1000.0);
                System.out.println(n);
            } else {
                System.out.printf("%.3f  %s%n", h.similarity(), line(h.face(), zone));
            }
        }
        if (!json) System.out.println(hits.size() + " faces");
    }

    private static String line(StructuredRecord r, ZoneId zone) {
        String when = GaTime.formatReadable(r.time(), zone);
        String source = r.sourceFile() == null ? "GA/T 1400" : String.format("%s @ %.1f s", r.sourceFile(), r.sourceOffsetMs() / 1000.0);
        return switch (r) {
            case MotorVehicle v -> String.format("%s  %s  MotorVehicle  %-10s %s %3d  %s %s  %s", when, v.deviceId(), v.plateNo(),
                    v.plateColor() == null ? "-" : v.plateColor().chinese(), v.plateReliability(), v.vehicleClass() == null ? "-" : v.vehicleClass().code(),
                    v.vehicleColor() == null ? "-" : v.vehicleColor().chinese(), source);
            case Face f -> String.format("%s  %s  Face          %s%s  %s", when, f.deviceId(), f.faceId(),
                    f.personId() == null ? "" : " (person " + f.personId() + ")", source);
            case Person p -> String.format("%s  %s  Person        %s  %s", when, p.deviceId(), p.personId(), source);
            case org.vistruct.core.NonMotorVehicle v -> String.format("%s  %s  NonMotor      %s  %s  %s", when, v.deviceId(), v.nonMotorVehicleId(),
                    v.plateNo() == null ? "-" : v.plateNo(), source);
        };
    }
}
