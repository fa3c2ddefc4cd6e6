package org.vistruct.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the vistruct CLI as a separate JVM, the way a user does, with the test classpath in an argfile. */
final class CliProcess {
    record Result(int exit, String out, String err) {}

    private CliProcess() {}

    static ProcessBuilder builder(Path workDir, Map<String, String> env, String... args) throws IOException {
        Path argfile = workDir.resolve("classpath.argfile");
        if (!Files.exists(argfile)) {
            Files.writeString(argfile, "-cp \"" + System.getProperty("java.class.path") + "\"\n", StandardCharsets.UTF_8);
        }
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Xmx2g", "@" + argfile, "org.vistruct.server.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().putAll(env);
        return pb;
    }

    static Result run(Path workDir, Map<String, String> env, String... args) throws Exception {
        Process p = builder(workDir, env, args).redirectOutput(workDir.resolve("out.txt").toFile()).redirectError(workDir.resolve("err.txt").toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("vistruct " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        return new Result(p.exitValue(), Files.readString(workDir.resolve("out.txt")), Files.readString(workDir.resolve("err.txt")));
    }
}
