package org.vistruct.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "config", description = "Print the effective configuration (defaults, file, environment), secrets masked.")
final class ConfigCommand implements Callable<Integer> {
    @ParentCommand
    VistructCommand top;

    @Override
    public Integer call() throws Exception {
        top.loadConfig().describe().forEach((k, v) -> System.out.println(k + "=" + v));
        return 0;
    }
}
