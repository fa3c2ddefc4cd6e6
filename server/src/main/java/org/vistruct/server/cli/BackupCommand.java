package org.vistruct.server.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vistruct.server.DataBackup;
import org.vistruct.server.VistructRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "backup", description = {"A consistent backup: the index, the metadata database and the list of pictures (and their bytes with --objects).",
        "backup DIR: of the data directory (server stopped); backup NAME --server URL: a running server writes it under backup.dir."})
final class BackupCommand implements Callable<Integer> {
    @ParentCommand
    VistructCommand top;

    @Parameters(index = "0", paramLabel = "DIR|NAME", description = "a new or empty folder (offline), or a name under the server's backup.dir")
    String target;

    @Option(names = "--objects", description = "Copy the pictures too (the list alone otherwise: a MinIO keeps its own copies).")
    boolean objects;

    @picocli.CommandLine.Mixin
    ServerClient.OptionalServer remote;

    @Override
    public Integer call() throws Exception {
        ServerClient c = remote.clientOrNull();
        if (c != null) {
            return c.send(c.request("/api/v1/backup").header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\": \"" + target.replace("\"", "") + "\", \"objects\": " + objects + "}")));
        }
        try (VistructRuntime rt = new VistructRuntime(top.data, top.loadConfig())) {
            DataBackup.Manifest m = DataBackup.write(rt, Path.of(target), objects, null);
            System.out.printf("backup in %s: %d records, %d pictures (%d bytes, %s), metadata rows %s%n", target, m.records(), m.pictures(), m.pictureBytes(),
                    m.picturesCopied() ? "copied" : "listed", m.rows());
        }
        return 0;
    }
}
