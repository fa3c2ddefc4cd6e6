package org.vistruct.server.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.vistruct.analyzer.AnalysisModels;
import org.vistruct.core.GaTime;
import org.vistruct.server.FileAnalysis;
import org.vistruct.server.alerts.AlertService;
import org.vistruct.server.RecordSink;
import org.vistruct.server.VistructConfig;
import org.vistruct.server.VistructRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "analyze", description = "Analyse video files, pictures or folders of them into records.")
final class AnalyzeCommand implements Callable<Integer> {
    @ParentCommand
    VistructCommand top;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Video files, pictures, folders or URLs.")
    List<String> paths;

    @Option(names = "--device-id", required = true, paramLabel = "ID", description = "DeviceID the records belong to (GB/T 28181 20-digit id).")
    String deviceId;

    @Option(names = "--start", paramLabel = "TIME", description = "Wall-clock time of the start of the videos (yyyy-MM-ddTHH:mm:ss, in the configured zone).")
    String start;

    @Option(names = "--realtime", description = "Feed videos at their own frame rate, as a camera would (rehearsing live analysis).")
    boolean realtime;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (!deviceId.matches("[0-9A-Za-z_-]{1,64}")) throw new IllegalArgumentException("--device-id must be 1-64 letters, digits, '-' or '_', was '" + deviceId + "'");
        VistructConfig config = top.loadConfig();
        Long startMs = start == null ? null : GaTime.parse(start, config.zone());
        try (VistructRuntime runtime = new VistructRuntime(top.data, config);
             AnalysisModels models = new AnalysisModels(runtime.modelFiles(), config.inferenceOptions(), config.analyzerSettings());
             AlertService alerts = new AlertService(runtime.metadata(), top.data.resolve("alerts").resolve("faces-index"), config.zone(), config.webhookSettings(), (s, a, n) -> { })) {
            RecordSink sink = runtime.sink();
            // case files are matched against the watch lists too; what subscribers have not taken by the end waits for `vistruct serve`
            sink.onWritten((r, provisional, where) -> {
                if (where != RecordSink.Durable.DRAINED) alerts.onRecord(r); // a drained record raised its alerts when it was spooled
            });
            FileAnalysis analysis = new FileAnalysis(models, config.analyzerSettings(), config.decodeOptions(), sink).realtime(realtime);
            CountDownLatch done = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                // Ctrl-C or kill: stop after the current frame; the records written so far are committed on close
                analysis.cancel();
                try {
                    done.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            FileAnalysis.Summary s;
            try {
                s = analysis.run(paths, deviceId, startMs, quiet ? FileAnalysis.Progress.NONE : new ConsoleProgress());
            } finally {
                runtime.close();
                done.countDown();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running
            }
            for (String f : s.failures()) System.err.println("vistruct: " + f);
            for (String w : s.warnings()) System.err.println("vistruct: warning: " + w);
            System.out.printf("frames decoded %d, frames analysed %d, records written %d%s%s, elapsed %.1f s%n",
                    s.framesDecoded(), s.framesAnalysed(), s.recordsWritten(), alerts.raised.sum() > 0 ? ", watch-list alerts " + alerts.raised.sum() : "",
                    s.recordsSpooled() > 0 ? " (" + s.recordsSpooled() + " spooled: object store unavailable)" : "", s.elapsedMs() / 1000.0);
            return s.failures().isEmpty() ? 0 : 1;
        }
    }

}
