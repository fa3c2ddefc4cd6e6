package org.vistruct.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.analyzer.model.ModelFiles;
import org.vistruct.core.PictureStore;
import org.vistruct.core.SharedDirectory;
import org.vistruct.index.RecordIndex;
import org.vistruct.index.RecordStore;
import org.vistruct.index.opensearch.OpenSearchRecordStore;
import org.vistruct.index.opensearch.OpenSearchSettings;
import org.vistruct.metadata.MetadataStore;
import org.vistruct.retention.EvidenceHolds;
import org.vistruct.retention.RetentionPolicy;
import org.vistruct.retention.RetentionRun;
import org.vistruct.storage.EmbeddedPictureStore;
import org.vistruct.storage.EmbeddedS3Server;
import org.vistruct.storage.S3PictureStore;
import org.vistruct.storage.S3Settings;

/**
 * One data directory opened for work: the metadata database (embedded SQLite or PostgreSQL; the
 * files of earlier versions imported into it on the first start), the record index, the picture
 * store (the embedded S3 server or a configured MinIO) and the model search path. Pictures and
 * records spooled by an earlier run are stored first.
 */
public final class VistructRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VistructRuntime.class);
    private final Path dataDir;
    private final VistructConfig config;
    private final EmbeddedS3Server embedded;
    private final PictureStore pictures;
    private final RecordStore index;
    private final RecordSpool spool;
    private final DiskGuard disk;
    private final RecordSink sink;
    private final WritePathKeeper keeper;
    private final MetadataStore metadata;
    private final RetentionPolicy retention;
    private EvidenceHolds evidence;
    private boolean closed;

    public VistructRuntime(Path dataDir, VistructConfig config) throws IOException {
        this.dataDir = dataDir;
        this.config = config;
        Files.createDirectories(dataDir);
        this.retention = RetentionPolicy.parse(config.get("retention.rules"));
        this.metadata = MetadataStore.open(config.metadataSettings(), dataDir);
        try {
            String tokens = config.get("auth.tokens-file");
            LegacyImport.run(dataDir, tokens.isBlank() ? dataDir.resolve("tokens.json") : Path.of(tokens), metadata);
        } catch (IOException | RuntimeException e) {
            metadata.close();
            throw e;
        }
        S3Settings s3;
        String mode = config.get("storage.mode");
        if (mode.equals("embedded")) {
            embedded = new EmbeddedS3Server(dataDir.resolve("objects"));
            s3 = embedded.settings(config.get("storage.bucket"));
        } else if (mode.equals("s3")) {
            embedded = null;
            s3 = new S3Settings(config.get("storage.endpoint"), config.get("storage.access-key"), config.get("storage.secret-key"), config.get("storage.bucket"));
        } else {
            metadata.close();
            throw new IllegalArgumentException("storage.mode must be 'embedded' or 's3', was '" + mode + "'");
        }
        try {
            // the embedded store's pictures are written straight into it (no HTTP to our own port); S3 clients still read them there
            this.pictures = embedded != null ? new EmbeddedPictureStore(embedded.blobStore(), config.get("storage.bucket"))
                    : new S3PictureStore(s3, config.getInt("storage.attempts"), config.getInt("storage.backoff-ms"), config.getBoolean("storage.object-lock"));
            this.index = openIndex(config, dataDir);
            this.spool = new RecordSpool(dataDir.resolve("spool"));
            this.disk = new DiskGuard(dataDir, config.getInt("storage.disk-reserve-mb") * (1L << 20));
            this.sink = new RecordSink(pictures, index, spool, disk, config.zone());
        } catch (IOException | RuntimeException e) {
            if (embedded != null) embedded.close();
            metadata.close();
            throw e;
        }
        if (spool.size() > 0) {
            try {
                int n = sink.drainSpool();
                if (n > 0) log.warn("stored {} records spooled by an earlier run while the object store was away", n);
            } catch (IOException e) {
                log.warn("{} (retried while running)", e.getMessage());
            }
        }
        this.keeper = new WritePathKeeper(sink, index, disk, config.getInt("index.commit-interval-ms"));
    }

    /** The record store the configuration names: the embedded index of the data directory, or an OpenSearch cluster. */
    public static RecordStore openIndex(VistructConfig config, Path dataDir) throws IOException {
        String backend = config.get("index.backend");
        return switch (backend) {
            case "embedded" -> RecordIndex.durable(dataDir.resolve("index"), dataDir.resolve("journal"));
            case "opensearch" -> new OpenSearchRecordStore(openSearchSettings(config, dataDir));
            default -> throw new IllegalArgumentException("index.backend must be 'embedded' or 'opensearch', was '" + backend + "'");
        };
    }

    /** @param dataDir names the indices where the prefix holds {data} (many servers on one cluster, as in tests) */
    static OpenSearchSettings openSearchSettings(VistructConfig config, Path dataDir) {
        List<String> urls = java.util.Arrays.stream(config.get("opensearch.urls").split(",")).map(String::trim).filter(u -> !u.isEmpty()).toList();
        String prefix = config.get("opensearch.index-prefix");
        if (prefix.contains("{data}")) {
            String path = dataDir.toAbsolutePath().normalize().toString();
            prefix = prefix.replace("{data}", Integer.toHexString(path.hashCode()) + Integer.toHexString(path.length()));
        }
        return new OpenSearchSettings(urls, prefix, config.getInt("opensearch.shards"), config.getInt("opensearch.replicas"),
                config.getInt("opensearch.face-dimension"), config.get("opensearch.refresh"), config.getInt("opensearch.refresh-interval-ms"),
                config.getInt("opensearch.bulk-max-records"), config.getInt("opensearch.queue-capacity"), config.getInt("opensearch.timeout-ms"));
    }

    /** The one write path: pictures stored, the record durable, then acknowledged. */
    public RecordSink sink() { return sink; }

    public DiskGuard disk() { return disk; }

    /** Why spooled records do not drain (the object store's failure), or null. */
    public String spoolError() { return keeper.spoolError(); }

    WritePathKeeper keeper() { return keeper; }

    public ModelFiles modelFiles() {
        String dir = config.get("models.dir");
        Path models = dir.isBlank() ? dataDir.resolve("models") : Path.of(dir);
        return ModelFiles.standard(models, SharedDirectory.locate().orElse(null));
    }

    public VistructConfig config() { return config; }

    public PictureStore pictures() { return pictures; }

    public RecordStore index() { return index; }

    public RecordSpool spool() { return spool; }

    /** How long records and pictures are kept. */
    public RetentionPolicy retentionPolicy() { return retention; }

    /** Evidence holds on records (with legal holds on their pictures where the store supports them). */
    public synchronized EvidenceHolds evidence() {
        if (evidence == null) evidence = new EvidenceHolds(metadata.holds(), index, pictures);
        return evidence;
    }

    /** One retention pass over this data directory, by the configured policy. */
    public RetentionRun retentionRun() { return new RetentionRun(index, pictures, metadata.holds(), evidence(), retention); }

    /** The metadata database with its tables. */
    public MetadataStore metadata() { return metadata; }

    public Path dataDir() { return dataDir; }

    /** Commits the index and stops the embedded store; closing twice is harmless. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) return;
        closed = true;
        keeper.close();
        try (index; pictures) {
            // index commits on close
        } finally {
            if (embedded != null) embedded.close();
            metadata.close();
        }
    }
}
