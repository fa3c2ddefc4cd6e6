package org.vistruct.server.cli;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.vistruct.analyzer.model.ModelFiles;
import org.vistruct.analyzer.model.ModelManifest;
import org.vistruct.core.SharedDirectory;
import org.vistruct.server.VistructConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "models", description = "List the models and whether each is present and intact.", subcommands = ModelsCommand.Fetch.class)
final class ModelsCommand implements Callable<Integer> {
    @ParentCommand
    VistructCommand top;

    static ModelFiles files(VistructCommand top) throws java.io.IOException {
        VistructConfig config = top.loadConfig();
        String dir = config.get("models.dir");
        return ModelFiles.standard(dir.isBlank() ? top.data.resolve("models") : Path.of(dir), SharedDirectory.locate().orElse(null));
    }

    @Override
    public Integer call() throws Exception {
        ModelFiles files = files(top);
        int bad = 0;
        for (ModelManifest m : ModelManifest.defaults()) {
            String status = files.status(m);
            if (!status.startsWith("ok")) bad++;
            System.out.printf("%-20s %s%n", m.name(), status);
        }
        return bad == 0 ? 0 : 1;
    }

    @Command(name = "fetch", description = "Download missing models into the models directory, checking sha256.")
    static final class Fetch implements Callable<Integer> {
        @ParentCommand
        ModelsCommand parent;

        @Override
        public Integer call() throws Exception {
            ModelFiles files = files(parent.top);
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(20)).build();
            int failed = 0;
            for (ModelManifest m : ModelManifest.defaults()) {
                try {
                    String line = files.fetch(m, http);
                    if (line.contains("cannot be downloaded")) failed++;
                    System.out.println(line);
                } catch (java.io.IOException e) {
                    failed++;
                    System.out.println(m.name() + ": " + e.getMessage());
                }
            }
            return failed == 0 ? 0 : 1;
        }
    }
}
