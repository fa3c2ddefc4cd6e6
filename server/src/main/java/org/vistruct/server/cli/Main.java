package org.vistruct.server.cli;

import java.io.IOException;
import org.slf4j.LoggerFactory;
import org.vistruct.analyzer.model.ModelException;
import picocli.CommandLine;

/** Entry point: runs a command; any failure is one clear line on stderr and a non-zero exit code. */
public final class Main {
    /** Held so the level sticks: java.util.logging keeps loggers only weakly. */
    private static final java.util.logging.Logger LUCENE_LOG = java.util.logging.Logger.getLogger("org.apache.lucene");

    private Main() {}

    public static int run(String... args) {
        // Lucene logs through java.util.logging; keep its start-up notes off the console
        LUCENE_LOG.setLevel(java.util.logging.Level.WARNING);
        CommandLine cli = new CommandLine(new VistructCommand());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            String msg = e instanceof IllegalArgumentException || e instanceof ModelException || e instanceof IOException
                    || e instanceof IllegalStateException ? e.getMessage() : e.toString();
            cmd.getErr().println("vistruct: " + msg);
            LoggerFactory.getLogger(Main.class).debug("failure", e);
            return 1;
        });
        return cli.execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
