package org.vistruct.server.cli;

import java.util.concurrent.Callable;
import org.vistruct.core.GaTime;
import org.vistruct.metadata.AuditTrail;
import org.vistruct.metadata.MetadataStore;
import org.vistruct.server.VistructConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "audit", description = {"The audit trail in the metadata database (works beside a running server):",
        "audit verify: walk the hash chain, report altered, missing or re-linked entries (exit 1 if any);",
        "audit list [--user U] [--action A] [--target T] [--from T] [--to T] [--limit N]: entries, newest first."})
final class AuditCommand implements Callable<Integer> {
    @ParentCommand
    VistructCommand top;

    @Parameters(index = "0", paramLabel = "ACTION", description = "verify or list")
    String action;

    @Option(names = "--user") String user;
    @Option(names = "--action") String what;
    @Option(names = "--target") String target;
    @Option(names = "--from") String from;
    @Option(names = "--to") String to;
    @Option(names = "--limit", defaultValue = "50") int limit;

    @Override
    public Integer call() throws Exception {
        VistructConfig config = top.loadConfig();
        try (MetadataStore store = MetadataStore.open(config.metadataSettings(), top.data)) {
            switch (action) {
                case "verify" -> {
                    long t0 = System.currentTimeMillis();
                    AuditTrail.Verification v = store.audit().verify();
                    System.out.printf("%d entries checked in %d ms: %s%n", v.entries(), System.currentTimeMillis() - t0,
                            v.intact() ? "the chain is intact" : v.problems().size() + " problems");
                    v.problems().stream().limit(100).forEach(p -> System.out.println("entry " + p.seq() + ": " + p.what()));
                    return v.intact() ? 0 : 1;
                }
                case "list" -> {
                    for (AuditTrail.Entry e : store.audit().find(new AuditTrail.Query(user, what, target, from == null ? null : GaTime.parse(from, config.zone()),
                            to == null ? null : GaTime.parse(to, config.zone()), limit))) {
                        System.out.printf("%d %s %-12s %-15s %-16s %s %s results=%d status=%d%n", e.seq(), GaTime.format(e.time(), config.zone()), e.user(),
                                e.client(), e.action(), e.target() == null ? "-" : e.target(), e.query() == null ? "" : e.query(), e.results(), e.status());
                    }
                    return 0;
                }
                default -> throw new IllegalArgumentException("audit: action must be verify or list, was '" + action + "'");
            }
        }
    }
}
