package org.vistruct.server.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vistruct.server.DataBackup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "restore", description = {"Restore a backup into the data directory (--data), which must have no index yet:",
        "the index, every metadata row (into the configured database, SQLite or PostgreSQL), the pictures when the backup has them;",
        "then every listed picture is checked in the object store (exit 1 when some are missing)."})
final class RestoreCommand implements Callable<Integer> {
    @ParentCommand
    VistructCommand top;

    @Parameters(index = "0", paramLabel = "DIR", description = "a folder written by vistruct backup")
    Path backup;

    @Override
    public Integer call() throws Exception {
        DataBackup.Restored r = DataBackup.restore(backup, top.data, top.loadConfig());
        System.out.printf("restored %d records and metadata rows %s from %s; %d pictures put, %d of %d listed pictures missing from the store%n",
                r.manifest().records(), r.manifest().rows(), backup, r.picturesPut(), r.picturesMissing(), r.manifest().pictures());
        r.missingSamples().forEach(k -> System.out.println("missing: " + k));
        return r.picturesMissing() == 0 ? 0 : 1;
    }
}
