package org.vistruct.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * 车辆研判 on a running server: {@code vistruct investigate TACTIC …}, one request to
 * /api/v1/analytics/TACTIC. Prints one line per result (--json: one JSON object per line with
 * GA/T 1400 names; a trajectory's lines are its passes), then what the answer read and left out.
 */
@Command(name = "investigate", description = "Vehicle investigation on a running server: trajectory, companions, clones, collision, first-seen, night, frequent, stays.")
final class InvestigateCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TACTICS = List.of("trajectory", "companions", "clones", "collision", "first-seen", "night", "frequent", "stays");

    @Parameters(index = "0", paramLabel = "TACTIC", description = "trajectory, companions, clones, collision, first-seen, night, frequent or stays")
    String tactic;

    @Mixin
    ServerClient.Options serverOptions;

    @Option(names = "--from", description = "Start (inclusive), yyyy-MM-ddTHH:mm:ss.") String from;
    @Option(names = "--to", description = "End (exclusive), yyyy-MM-ddTHH:mm:ss.") String to;
    @Option(names = "--plate", description = "Plate (trajectory, companions, stays: the target; others: a pattern filter).") String plate;
    @Option(names = "--device", description = "Device id (repeat for several).") List<String> devices;
    @Option(names = "--plate-color", description = "GA/T 1400 colour code or name.") String plateColor;
    @Option(names = "--vehicle-color", description = "GA/T 1400 colour code or name.") String vehicleColor;
    @Option(names = "--vehicle-class", description = "GA 24.4 class, e.g. K33.") String vehicleClass;
    @Option(names = "--window-s", description = "companions: seconds either side (default 60).") Integer windowS;
    @Option(names = "--min-times", description = "companions: least times together (default 3).") Integer minTimes;
    @Option(names = "--min-devices", description = "companions: least distinct devices (default 2).") Integer minDevices;
    @Option(names = "--window", description = "collision: DEVICES@FROM/TO (2 to 8, with --exclude).") List<String> windows;
    @Option(names = "--exclude", description = "collision: a window DEVICES@FROM/TO the plate must not appear in.") List<String> excludes;
    @Option(names = "--min-windows", description = "collision: least windows a plate is seen in (default all).") Integer minWindows;
    @Option(names = "--rule", description = "clones: all (default) or attributes (no positions needed).") String rule;
    @Option(names = "--lookback-days", description = "first-seen: days looked back (default 7).") Integer lookbackDays;
    @Option(names = "--anywhere", arity = "1", description = "first-seen: not seen anywhere before (true, default) or only at --device (false).") Boolean anywhere;
    @Option(names = "--night", description = "night: night window HH:MM-HH:MM (default 22:00-05:00).") String night;
    @Option(names = "--day", description = "night: day window HH:MM-HH:MM (default 07:00-19:00).") String day;
    @Option(names = "--min-nights", description = "night: least nights (default 3).") Integer minNights;
    @Option(names = "--max-day-passes", description = "night: most passes by day (default 0).") Integer maxDayPasses;
    @Option(names = "--min-passes", description = "frequent: least passes (default 10).") Integer minPasses;
    @Option(names = "--min-hours", description = "stays: least hours of a stop (default 8).") Double minHours;
    @Option(names = "--limit", description = "Most results (default 100, trajectory 1000).") Integer limit;
    @Option(names = "--json", description = "One JSON object per line with GA/T 1400 names.") boolean json;
    @Option(names = "--csv", description = "The CSV export (one line per evidence pass).") boolean csv;

    @Override
    public Integer call() throws Exception {
        if (!TACTICS.contains(tactic)) throw new IllegalArgumentException("tactic must be one of " + String.join(", ", TACTICS) + ", was '" + tactic + "'");
        List<String> q = new ArrayList<>();
        add(q, "from", from);
        add(q, "to", to);
        add(q, "plate", plate);
        if (devices != null) for (String d : devices) add(q, "device", d);
        add(q, "plateColor", plateColor);
        add(q, "vehicleColor", vehicleColor);
        add(q, "vehicleClass", vehicleClass);
        add(q, "windowS", windowS);
        add(q, "minTimes", minTimes);
        add(q, "minDevices", minDevices);
        if (windows != null) for (String w : windows) add(q, "window", w);
        if (excludes != null) for (String w : excludes) add(q, "exclude", w);
        add(q, "minWindows", minWindows);
        add(q, "rule", rule);
        add(q, "lookbackDays", lookbackDays);
        add(q, "anywhere", anywhere);
        add(q, "night", night);
        add(q, "day", day);
        add(q, "minNights", minNights);
        add(q, "maxDayPasses", maxDayPasses);
        add(q, "minPasses", minPasses);
        add(q, "minHours", minHours);
        add(q, "limit", limit);
        if (csv) add(q, "format", "csv");
        ServerClient client = serverOptions.client();
        HttpResponse<String> r = client.call(client.request("/api/v1/analytics/" + tactic + "?" + String.join("&", q)).GET());
        if (r.statusCode() / 100 != 2) {
            JsonNode err = parse(r.body());
            System.err.println("vistruct: " + (err != null && err.has("error") ? err.get("error").asText() : r.body()));
            return 1;
        }
        if (csv) {
            System.out.print(r.body());
            return 0;
        }
        JsonNode answer = JSON.readTree(r.body());
        for (JsonNode res : answer.get("results")) System.out.println(json ? res.toString() : line(res));
        String summary = String.format("%d results%s; %d passes read in %d ms; %d left out as unreadable or unreliable", answer.get("count").asInt(),
                answer.get("truncated").asBoolean() ? " (more found: raise --limit)" : "", answer.get("passesRead").asLong(), answer.get("elapsedMs").asLong(),
                answer.get("excludedUnreadable").asLong());
        if (json) System.err.println(summary);
        else System.out.println(summary);
        return 0;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    private static void add(List<String> q, String name, Object value) {
        if (value != null) q.add(name + "=" + ServerClient.enc(value.toString()));
    }

    /** A result in one line: its own values, then how many passes are its evidence. */
    private static String line(JsonNode res) {
        StringBuilder b = new StringBuilder();
        res.fieldNames().forEachRemaining(f -> {
            if (f.equals("Passes")) return;
            if (b.length() > 0) b.append("  ");
            b.append(f).append('=').append(res.get(f).asText());
        });
        if (res.has("Passes")) b.append("  passes=").append(res.get("Passes").size());
        return b.toString();
    }
}
