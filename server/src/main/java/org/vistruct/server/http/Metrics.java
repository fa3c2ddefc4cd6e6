package org.vistruct.server.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * Counters, gauges and latency histograms an operator scrapes at /metrics (Prometheus text format).
 * Names and labels are fixed by the code, never taken from requests.
 */
public final class Metrics {
    private static final double[] BUCKETS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private record Histogram(LongAdder[] counts, LongAdder sumMicros, LongAdder total) {}

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();
    private final Map<String, Histogram> histograms = new ConcurrentHashMap<>();
    private final Map<String, String> help = new ConcurrentHashMap<>();
    private final Map<String, java.util.function.Supplier<Map<Map<String, String>, Double>>> families = new ConcurrentHashMap<>();

    /** @param series a metric name with optional labels, e.g. {@code vistruct_records_written_total{type="Face"}} */
    public void increment(String series, long by) {
        counters.computeIfAbsent(series, k -> new LongAdder()).add(by);
    }

    public void gauge(String series, String description, DoubleSupplier value) {
        gauges.put(series, value);
        help.putIfAbsent(name(series), description);
    }

    /**
     * Gauges of one name whose series come and go (one per live stream): {@code series} gives, at
     * each scrape, each series' labels (label name to value) and value. Values are cleaned to what a
     * label may hold, since they may come from devices.
     */
    public void gaugeFamily(String name, String description, java.util.function.Supplier<Map<Map<String, String>, Double>> series) {
        families.put(name, series);
        help.putIfAbsent(name, description);
    }

    public void describe(String name, String description) { help.put(name, description); }

    public void observeSeconds(String series, double seconds) {
        Histogram h = histograms.computeIfAbsent(series, k -> {
            LongAdder[] c = new LongAdder[BUCKETS.length];
            for (int i = 0; i < c.length; i++) c[i] = new LongAdder();
            return new Histogram(c, new LongAdder(), new LongAdder());
        });
        for (int i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) h.counts()[i].increment();
        h.sumMicros().add(Math.round(seconds * 1e6));
        h.total().increment();
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        Map<String, Boolean> typed = new java.util.TreeMap<>();
        for (var e : new java.util.TreeMap<>(counters).entrySet()) {
            header(sb, typed, e.getKey(), "counter");
            sb.append(e.getKey()).append(' ').append(e.getValue().sum()).append('\n');
        }
        // a family's series sort beside the fixed series of the same name: one group per name, as the format wants
        Map<String, Double> gaugeValues = new java.util.TreeMap<>();
        gauges.forEach((series, v) -> gaugeValues.put(series, v.getAsDouble()));
        families.forEach((n, f) -> f.get().forEach((labels, v) -> gaugeValues.put(n + labelText(labels), v)));
        for (var e : gaugeValues.entrySet()) {
            header(sb, typed, e.getKey(), "gauge");
            sb.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        for (var e : new java.util.TreeMap<>(histograms).entrySet()) {
            String series = e.getKey(), n = name(series), labels = labels(series);
            header(sb, typed, series, "histogram");
            Histogram h = e.getValue();
            for (int i = 0; i < BUCKETS.length; i++) {
                sb.append(n).append("_bucket{").append(labels.isEmpty() ? "" : labels + ",").append("le=\"").append(BUCKETS[i]).append("\"} ")
                        .append(h.counts()[i].sum()).append('\n');
            }
            sb.append(n).append("_bucket{").append(labels.isEmpty() ? "" : labels + ",").append("le=\"+Inf\"} ").append(h.total().sum()).append('\n');
            sb.append(n).append("_sum").append(labels.isEmpty() ? "" : "{" + labels + "}").append(' ').append(h.sumMicros().sum() / 1e6).append('\n');
            sb.append(n).append("_count").append(labels.isEmpty() ? "" : "{" + labels + "}").append(' ').append(h.total().sum()).append('\n');
        }
        return sb.toString();
    }

    private static String labelText(Map<String, String> labels) {
        StringBuilder sb = new StringBuilder("{");
        for (var l : new java.util.TreeMap<>(labels).entrySet()) {
            if (sb.length() > 1) sb.append(',');
            String v = l.getValue() == null ? "" : l.getValue().replaceAll("[^0-9A-Za-z_.:-]", "_");
            sb.append(l.getKey()).append("=\"").append(v.length() > 64 ? v.substring(0, 64) : v).append('"');
        }
        return sb.append('}').toString();
    }

    private void header(StringBuilder sb, Map<String, Boolean> typed, String series, String type) {
        String n = name(series);
        if (typed.put(n, true) != null) return;
        if (help.containsKey(n)) sb.append("# HELP ").append(n).append(' ').append(help.get(n)).append('\n');
        sb.append("# TYPE ").append(n).append(' ').append(type).append('\n');
    }

    private static String name(String series) {
        int b = series.indexOf('{');
        return b < 0 ? series : series.substring(0, b);
    }

    private static String labels(String series) {
        int b = series.indexOf('{');
        return b < 0 ? "" : series.substring(b + 1, series.length() - 1);
    }
}
