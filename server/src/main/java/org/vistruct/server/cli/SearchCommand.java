package org.vistruct.server.cli;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.vistruct.core.ColorCode;
import org.vistruct.core.GaTime;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.VehicleClass;
import org.vistruct.index.PlatePattern;
import org.vistruct.index.RecordIndex;
import org.vistruct.index.RecordQuery;
import org.vistruct.server.RecordJson;
import org.vistruct.server.VistructConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "search", description = "Search records, newest first.")
final class SearchCommand implements Callable<Integer> {
    @ParentCommand
    VistructCommand top;

    @Option(names = "--plate", paramLabel = "PATTERN", description = "Plate, exact or with * (any run) and ? (one character), e.g. 皖A*62*; 无车牌 for vehicles without a plate.")
    String plate;

    @Option(names = "--plate-color", paramLabel = "COLOR", description = "GA/T 1400 colour code or name (5, blue, 蓝).")
    String plateColor;

    @Option(names = "--vehicle-color", paramLabel = "COLOR", description = "GA/T 1400 colour code or name.")
    String vehicleColor;

    @Option(names = "--vehicle-class", paramLabel = "CODE", description = "GA/T 16.4 class: K11, K31, K33, H21, M21, X99.")
    String vehicleClass;

    @Option(names = "--device", paramLabel = "ID", description = "DeviceID (repeat for several).")
    List<String> devices;

    @Option(names = "--from", paramLabel = "TIME", description = "Pass time from (inclusive), yyyy-MM-ddTHH:mm:ss.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Pass time to (exclusive), yyyy-MM-ddTHH:mm:ss.")
    String to;

    @Option(names = "--limit", defaultValue = "50", description = "Most records to show (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "One JSON object per line with GA/T 1400 field names.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        VistructConfig config = top.loadConfig();
        var zone = config.zone();
        RecordQuery q = new RecordQuery(plate == null ? null : new PlatePattern(plate),
                plateColor == null ? null : ColorCode.parse(plateColor), vehicleColor == null ? null : ColorCode.parse(vehicleColor),
                vehicleClass == null ? null : VehicleClass.parse(vehicleClass), devices == null ? Set.of() : Set.copyOf(devices),
                from == null ? null : GaTime.parse(from, zone), to == null ? null : GaTime.parse(to, zone), limit);
        if (!java.nio.file.Files.isDirectory(top.data.resolve("index"))) {
            throw new IllegalArgumentException("no index in " + top.data.toAbsolutePath() + ": run 'vistruct analyze' first or pass --data");
        }
        List<MotorVehicle> found;
        try (RecordIndex index = new RecordIndex(top.data.resolve("index"))) {
            found = index.search(q);
        }
        if (json) {
            for (MotorVehicle r : found) System.out.println(RecordJson.of(r, zone));
            return 0;
        }
        System.out.printf("%-19s  %-20s  %-10s  %-4s  %3s  %-4s  %-4s  %s%n", "PassTime", "DeviceID", "PlateNo", "颜色", "Rel", "类型", "车色", "Source");
        for (MotorVehicle r : found) {
            System.out.printf("%-19s  %-20s  %-10s  %-4s  %3d  %-4s  %-4s  %s @ %.1f s%n", GaTime.formatReadable(r.passTime(), zone), r.deviceId(), r.plateNo(),
                    r.plateColor() == null ? "-" : r.plateColor().chinese(), r.plateReliability(), r.vehicleClass().code(),
                    r.vehicleColor().chinese(), r.sourceFile(), r.sourceOffsetMs() / 1000.0);
        }
        System.out.println(found.size() + " records");
        return 0;
    }
}
