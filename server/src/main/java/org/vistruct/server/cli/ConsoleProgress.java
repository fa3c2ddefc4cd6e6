package org.vistruct.server.cli;

import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.vistruct.server.FileAnalysis;

/** A progress bar on stderr per source: position in the video, analysed frames/s, ETA. */
final class ConsoleProgress implements FileAnalysis.Progress {
    private ProgressBar bar;
    private long startNanos;

    @Override
    public void started(String source, long durationMs) {
        startNanos = System.nanoTime();
        bar = new ProgressBarBuilder().setTaskName(shorten(source)).setInitialMax(Math.max(1, durationMs))
                .setUnit("s", 1000).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }

    @Override
    public void advanced(long positionMs, long framesAnalysed, long records) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        bar.stepTo(Math.min(bar.getMax(), positionMs));
        bar.setExtraMessage(String.format(" %.1f frames/s, %d records", seconds > 0 ? framesAnalysed / seconds : 0, records));
    }

    @Override
    public void finished(String source) {
        if (bar != null) bar.close();
    }

    private static String shorten(String source) {
        if (source.contains("://")) return source;
        String name = Path.of(source).getFileName().toString();
        return name.length() > 40 ? name.substring(0, 37) + "..." : name;
    }
}
