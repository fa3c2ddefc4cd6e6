package org.vistruct.server.cli;

import java.util.concurrent.Callable;
import org.vistruct.core.GaTime;
import org.vistruct.retention.OrphanSweep;
import org.vistruct.retention.RetentionPlan;
import org.vistruct.retention.RetentionRun;
import org.vistruct.server.VistructConfig;
import org.vistruct.server.VistructRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "retention", description = {"Retention of the data directory (stop the server first, or give --server to ask a running one):",
        "retention [plan]: what will expire and when; retention run: expire what is due now;",
        "retention sweep [--delete]: check that every picture key has its picture and every picture its record (and remove orphans over an hour old)."})
final class RetentionCommand implements Callable<Integer> {
    @ParentCommand
    VistructCommand top;

    @Parameters(index = "0", arity = "0..1", defaultValue = "plan", paramLabel = "ACTION", description = "plan (default), run or sweep")
    String action;

    @Option(names = "--delete", description = "sweep: delete orphan pictures older than an hour.")
    boolean delete;

    @picocli.CommandLine.Mixin
    ServerClient.OptionalServer remote;

    @Override
    public Integer call() throws Exception {
        ServerClient c = remote.clientOrNull();
        if (c != null) {
            return switch (action) {
                case "plan" -> c.send(c.request("/api/v1/retention").GET());
                case "run" -> c.send(c.request("/api/v1/retention/run").POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
                case "sweep" -> c.send(c.request("/api/v1/retention/sweep").header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"delete\": " + delete + "}")));
                default -> throw new IllegalArgumentException("retention: action must be plan, run or sweep, was '" + action + "'");
            };
        }
        VistructConfig config = top.loadConfig();
        try (VistructRuntime runtime = new VistructRuntime(top.data, config)) {
            switch (action) {
                case "plan" -> {
                    System.out.println("rules: " + runtime.retentionPolicy());
                    System.out.println("legal holds on pictures: " + (runtime.evidence().legalHoldsSupported() ? "yes (object lock)" : "no (the store has no object lock)")
                            + "; open evidence holds: " + runtime.metadata().holds().countOpen());
                    System.out.printf("%-13s %-4s %-28s %6s %10s %10s %10s  %s%n", "key", "rule", "devices", "days", "due now", "in 7 days", "in 30 days", "oldest expires");
                    for (RetentionPlan.Line l : RetentionPlan.of(runtime.retentionPolicy(), runtime.index(), System.currentTimeMillis())) {
                        String devices = String.join("|", l.devices()) + (l.exceptDevices().isEmpty() ? "" : " except " + String.join("|", l.exceptDevices()));
                        System.out.printf("%-13s %-4d %-28s %6d %10d %10d %10d  %s%n", l.key(), l.ruleNo(), devices, l.days(), l.dueNow(), l.dueIn7Days(), l.dueIn30Days(),
                                l.oldestExpiresAt() == null ? "-" : GaTime.format(l.oldestExpiresAt(), config.zone()));
                    }
                }
                case "run" -> {
                    RetentionRun.Report r = runtime.retentionRun().run(System.currentTimeMillis());
                    System.out.printf("expired %d records %s, %d scene pictures, deleted %d pictures; kept %d held records; %d legal holds set; "
                            + "whole partitions dropped %s; %d ms%n", r.records(), r.recordsExpired(), r.scenesExpired(), r.picturesDeleted(), r.heldKept(),
                            r.legalHoldsSet(), r.partitionsDropped(), r.elapsedMs());
                }
                case "sweep" -> {
                    OrphanSweep.Report r = new OrphanSweep(runtime.index(), runtime.pictures(), k -> k.startsWith("watchlist/"))
                            .run(delete ? System.currentTimeMillis() - 3_600_000L : null);
                    System.out.printf("%d pictures, %d records: %d orphan pictures, %d dangling keys%s%n", r.objects(), r.records(), r.orphanObjects(), r.danglingKeys(),
                            delete ? ", " + r.orphansDeleted() + " orphans deleted" : "");
                    r.orphanSamples().forEach(k -> System.out.println("orphan: " + k));
                    r.danglingSamples().forEach(k -> System.out.println("dangling: " + k));
                    return r.danglingKeys() == 0 && r.orphanObjects() - r.orphansDeleted() == 0 ? 0 : 1;
                }
                default -> throw new IllegalArgumentException("retention: action must be plan, run or sweep, was '" + action + "'");
            }
        }
        return 0;
    }
}
