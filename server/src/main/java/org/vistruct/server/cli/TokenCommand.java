package org.vistruct.server.cli;

import java.util.concurrent.Callable;
import org.vistruct.core.GaTime;
import org.vistruct.metadata.AuditTrail;
import org.vistruct.metadata.MetadataStore;
import org.vistruct.metadata.TokenTable;
import org.vistruct.server.http.Role;
import org.vistruct.server.http.TokenStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "token", description = {"API tokens in the metadata database (works beside a running server).",
        "token --name N --role R: create one (printed once; only its hash is kept); token list; token revoke ID."})
final class TokenCommand implements Callable<Integer> {
    @ParentCommand
    VistructCommand top;

    @Parameters(index = "0", arity = "0..1", defaultValue = "create", paramLabel = "ACTION", description = "create (default), list or revoke")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "revoke: the token's id (the 8 hex digits after vst_)")
    String id;

    @Option(names = "--name", description = "Who the token is for (shown in the audit trail).")
    String name;

    @Option(names = "--role", description = "viewer, investigator or admin.")
    String role;

    @Override
    public Integer call() throws Exception {
        var config = top.loadConfig();
        try (MetadataStore store = MetadataStore.open(config.metadataSettings(), top.data)) {
            TokenStore tokens = new TokenStore(store.tokens());
            switch (action) {
                case "create" -> {
                    if (name == null || role == null) throw new IllegalArgumentException("token create needs --name and --role");
                    System.out.println(tokens.create(name, Role.parse(role)));
                }
                case "list" -> {
                    for (TokenTable.TokenRow t : tokens.list()) {
                        System.out.printf("%s  %-12s %-13s created %s%s%n", t.id(), t.name(), t.role().toLowerCase(), GaTime.format(t.created(), config.zone()),
                                t.active() ? "" : "  revoked " + GaTime.format(t.revoked(), config.zone()) + " by " + t.revokedBy());
                    }
                }
                case "revoke" -> {
                    if (id == null || !id.matches("[0-9a-f]{8}")) throw new IllegalArgumentException("token revoke needs the token's id: 8 hex digits (see token list)");
                    if (!tokens.revoke(id, "cli")) throw new IllegalArgumentException("no active token " + id);
                    store.audit().append(AuditTrail.Entry.of(System.currentTimeMillis(), "cli:" + System.getProperty("user.name"), "local", "token-revoke", id, null, 1, 200));
                    System.out.println("revoked " + id);
                }
                default -> throw new IllegalArgumentException("token: action must be create, list or revoke, was '" + action + "'");
            }
        }
        return 0;
    }
}
