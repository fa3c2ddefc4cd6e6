package org.vistruct.server.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vistruct.server.http.Role;
import org.vistruct.server.http.TokenStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "token", description = "Create an API token (printed once; only its hash is kept).")
final class TokenCommand implements Callable<Integer> {
    @ParentCommand
    VistructCommand top;

    @Option(names = "--name", required = true, description = "Who the token is for (shown in the audit log).")
    String name;

    @Option(names = "--role", required = true, description = "viewer, investigator or admin.")
    String role;

    @Override
    public Integer call() throws Exception {
        String file = top.loadConfig().get("auth.tokens-file");
        TokenStore tokens = new TokenStore(file.isBlank() ? top.data.resolve("tokens.json") : Path.of(file));
        System.out.println(tokens.create(name, Role.parse(role)));
        return 0;
    }
}
