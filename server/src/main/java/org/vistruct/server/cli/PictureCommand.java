package org.vistruct.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vistruct.server.VistructRuntime;
import org.vistruct.core.ObjectKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "picture", description = "Fetch a stored picture by its key (a record's StorageUrl).")
final class PictureCommand implements Callable<Integer> {
    @ParentCommand
    VistructCommand top;

    @Parameters(paramLabel = "KEY", description = "Object key, e.g. 34020000001320000001/2026/11/21/08/<id>-scene.jpg")
    String key;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Where to write the JPEG.")
    Path output;

    @Override
    public Integer call() throws Exception {
        ObjectKeys.requireValid(key);
        try (VistructRuntime runtime = new VistructRuntime(top.data, top.loadConfig())) {
            byte[] jpeg = runtime.pictures().get(key);
            Files.write(output, jpeg);
            System.out.println(output + " (" + jpeg.length + " bytes)");
        }
        return 0;
    }
}
