package org.vistruct.server.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.vistruct.server.VistructConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top command: global options shared by every subcommand. */
@Command(name = "vistruct", mixinStandardHelpOptions = true, version = "vistruct 0.1.0",
        description = "Video image structured analysis: vehicles and plates from video files and pictures into a searchable index.",
        subcommands = {AnalyzeCommand.class, SearchCommand.class, PictureCommand.class, ServeCommand.class, LiveCommand.class, InvestigateCommand.class, PlacesCommand.class, WatchCommand.class, TokenCommand.class,
                AuditCommand.class, RetentionCommand.class, BackupCommand.class, RestoreCommand.class,
                ModelsCommand.class, ConfigCommand.class})
public final class VistructCommand {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
            description = "Data directory: index, embedded object store, models and state (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: <data>/vistruct.properties if present).")
    Path config;

    VistructConfig loadConfig() throws IOException {
        return VistructConfig.load(config != null ? config : data.resolve("vistruct.properties"), System.getenv());
    }
}
