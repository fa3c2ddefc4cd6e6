package org.vistruct.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.vistruct.analyzer.AnalyzerSettings;
import org.vistruct.analyzer.model.InferenceOptions;
import org.vistruct.decoder.DecodeOptions;
import org.vistruct.decoder.Sampling;

/**
 * The configuration: built-in defaults, then one properties file, then environment variables
 * (VISTRUCT_ + the key upper-cased with dots and dashes as underscores). A bad value is an error
 * that names the key.
 */
public final class VistructConfig {
    private final Properties values = new Properties();

    private VistructConfig() {}

    /** @param file the configuration file, or null to use only defaults and the environment */
    public static VistructConfig load(Path file, Map<String, String> env) throws IOException {
        VistructConfig c = new VistructConfig();
        try (InputStream in = VistructConfig.class.getResourceAsStream("/vistruct-defaults.properties")) {
            c.values.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        if (file != null && Files.exists(file)) {
            Properties fromFile = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                fromFile.load(r);
            }
            for (String k : fromFile.stringPropertyNames()) {
                if (!c.values.containsKey(k)) throw new IllegalArgumentException(file + ": unknown setting '" + k + "'");
                c.values.setProperty(k, fromFile.getProperty(k).trim());
            }
        }
        for (String k : c.values.stringPropertyNames()) {
            String v = env.get(envName(k));
            if (v != null) c.values.setProperty(k, v.trim());
        }
        return c;
    }

    static String envName(String key) {
        return "VISTRUCT_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String get(String key) {
        String v = values.getProperty(key);
        if (v == null) throw new IllegalArgumentException("unknown setting '" + key + "'");
        return v;
    }

    public int getInt(String key) {
        try {
            return Integer.parseInt(get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " (" + envName(key) + ") must be a whole number, was '" + get(key) + "'");
        }
    }

    public double getDouble(String key) {
        try {
            return Double.parseDouble(get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " (" + envName(key) + ") must be a number, was '" + get(key) + "'");
        }
    }

    public boolean getBoolean(String key) {
        String v = get(key).toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) return Boolean.parseBoolean(v);
        throw new IllegalArgumentException("setting " + key + " (" + envName(key) + ") must be true or false, was '" + get(key) + "'");
    }

    /** The setting's value, which must be one of the given words. */
    public String oneOf(String key, String... allowed) {
        String v = get(key).trim().toLowerCase(Locale.ROOT);
        if (java.util.Arrays.asList(allowed).contains(v)) return v;
        throw new IllegalArgumentException("setting " + key + " (" + envName(key) + ") must be one of " + String.join(", ", allowed) + ", was '" + get(key) + "'");
    }

    public ZoneId zone() {
        try {
            return ZoneId.of(get("zone"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("setting zone must be a time zone such as Asia/Shanghai, was '" + get("zone") + "'");
        }
    }

    public DecodeOptions decodeOptions() {
        return new DecodeOptions(Sampling.parse(get("decoder.sampling")), get("decoder.hwaccel"), getInt("decoder.threads"));
    }

    /** Webhook retries and timeout (alerts.*). */
    public org.vistruct.server.alerts.WebhookDeliverer.Settings webhookSettings() {
        return new org.vistruct.server.alerts.WebhookDeliverer.Settings(getInt("alerts.retry-first-ms"), getInt("alerts.retry-max-ms"),
                getInt("alerts.webhook-timeout-ms"));
    }

    public InferenceOptions inferenceOptions() {
        return new InferenceOptions(get("inference.provider"), getInt("inference.threads"));
    }

    public AnalyzerSettings analyzerSettings() {
        return new AnalyzerSettings(getBoolean("analysis.vehicles"), getBoolean("analysis.persons"), getBoolean("analysis.faces"),
                getInt("analysis.plate-detector"), (float) getDouble("analysis.min-object-score"), (float) getDouble("analysis.min-person-score"),
                (float) getDouble("analysis.min-plate-score"), (float) getDouble("analysis.min-face-score"), getInt("analysis.min-face-size"),
                getInt("analysis.track-timeout-ms"), getInt("analysis.track-max-age-ms"), getInt("analysis.reads-per-track"),
                getDouble("analysis.scene-cut-threshold"), getDouble("analysis.min-vehicle-area"), getBoolean("analysis.early-records"),
                getInt("analysis.full-pass-ms"), oneOf("analysis.plates-in", "vehicles", "frame").equals("vehicles"),
                get("analysis.local-provinces").replaceAll("[\\s,]", ""));
    }

    /** Where the metadata database is (metadata.*). */
    public org.vistruct.metadata.MetadataSettings metadataSettings() {
        return new org.vistruct.metadata.MetadataSettings(get("metadata.url"), get("metadata.user"), get("metadata.password"), get("metadata.schema"),
                getInt("metadata.pool-size"), getBoolean("metadata.sync-every-commit"));
    }

    /** Every setting with its value, secrets masked: what `vistruct config` prints. */
    public Map<String, String> describe() {
        Map<String, String> out = new java.util.TreeMap<>();
        for (String k : values.stringPropertyNames()) out.put(k, isSecret(k) && !get(k).isEmpty() ? "****" : get(k));
        return out;
    }

    private static boolean isSecret(String key) { return key.contains("secret") || key.contains("password"); }
}
