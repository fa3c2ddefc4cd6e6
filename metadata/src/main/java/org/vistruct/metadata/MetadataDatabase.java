package org.vistruct.metadata;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata database, open: a connection pool over SQLite (the embedded default, one file under
 * the data directory) or PostgreSQL, migrated to the newest schema by Flyway when opened. Work is
 * done in {@link #read} (auto-commit) or {@link #write} (one transaction, retried when the engine
 * reports a conflict: SQLite busy, PostgreSQL serialization failure or deadlock).
 */
public final class MetadataDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetadataDatabase.class);
    static final String MIGRATIONS = "classpath:org/vistruct/metadata/migration";

    /** Which engine: a few statements differ. */
    public enum Engine { SQLITE, POSTGRESQL }

    /** Work on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final HikariDataSource pool;
    private final Engine engine;
    private final String where;
    private final String schema;

    private MetadataDatabase(HikariDataSource pool, Engine engine, String where, String schema) {
        this.pool = pool;
        this.engine = engine;
        this.where = where;
        this.schema = schema;
    }

    /**
     * Opens (and creates or migrates) the database of a data directory.
     *
     * @throws IOException naming the database when it cannot be reached or migrated
     */
    public static MetadataDatabase open(MetadataSettings s, Path dataDir) throws IOException {
        HikariConfig c = new HikariConfig();
        c.setPoolName("metadata");
        c.setMaximumPoolSize(s.poolSize());
        c.setMinimumIdle(1);
        Engine engine;
        String where, schema = null;
        if (s.isPostgres()) {
            engine = Engine.POSTGRESQL;
            schema = s.schema().isEmpty() ? "vistruct_" + instanceId(dataDir) : s.schema();
            c.setJdbcUrl(s.url());
            if (!s.user().isEmpty()) c.setUsername(s.user());
            if (!s.password().isEmpty()) c.setPassword(s.password());
            c.setSchema(schema);
            c.setConnectionTimeout(10_000);
            where = s.url() + " (schema " + schema + ")";
        } else {
            engine = Engine.SQLITE;
            Path file = s.url().isEmpty() ? dataDir.resolve("metadata.db") : Path.of(s.url().substring("jdbc:sqlite:".length()));
            Files.createDirectories(file.toAbsolutePath().getParent());
            c.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
            c.addDataSourceProperty("journal_mode", "WAL");
            // FULL: the WAL is fsynced at every commit (survives power loss); NORMAL: at checkpoints (survives a killed process)
            c.addDataSourceProperty("synchronous", s.syncEveryCommit() ? "FULL" : "NORMAL");
            c.addDataSourceProperty("busy_timeout", "30000");
            // a write transaction takes the write lock when it begins, so two writers never deadlock on an upgrade
            c.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            c.addDataSourceProperty("foreign_keys", "true");
            c.setConnectionTimeout(30_000);
            where = file.toAbsolutePath().toString();
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(c);
        } catch (RuntimeException e) {
            throw new IOException("metadata database " + where + " cannot be reached: " + rootMessage(e), e);
        }
        try {
            MigrateResult r = migrate(pool, engine, schema);
            if (r.migrationsExecuted > 0) log.info("metadata database {}: migrated to version {} ({} migrations)", where, r.targetSchemaVersion, r.migrationsExecuted);
        } catch (RuntimeException e) {
            pool.close();
            throw new IOException("metadata database " + where + " cannot be migrated: " + rootMessage(e), e);
        }
        return new MetadataDatabase(pool, engine, where, schema);
    }

    private static MigrateResult migrate(DataSource ds, Engine engine, String schema) {
        var conf = Flyway.configure(MetadataDatabase.class.getClassLoader()).dataSource(ds).locations(MIGRATIONS)
                .validateMigrationNaming(true).loggers("slf4j");
        if (engine == Engine.POSTGRESQL) conf = conf.schemas(schema).defaultSchema(schema).createSchemas(true);
        return conf.load().migrate();
    }

    /** A random id of this data directory, made once: names its own PostgreSQL schema when none is configured. */
    static String instanceId(Path dataDir) throws IOException {
        Path f = dataDir.resolve("instance-id");
        if (Files.exists(f)) {
            String id = Files.readString(f, StandardCharsets.US_ASCII).trim();
            if (id.matches("[0-9a-f]{16}")) return id;
        }
        Files.createDirectories(dataDir);
        byte[] b = new byte[8];
        ThreadLocalRandom.current().nextBytes(b);
        String id = HexFormat.of().formatHex(b);
        Files.writeString(f, id + "\n", StandardCharsets.US_ASCII);
        return id;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }

    public Engine engine() { return engine; }

    /** Where the database is, for messages (never a password). */
    public String where() { return where; }

    /** The PostgreSQL schema in use, or null for SQLite. */
    public String schema() { return schema; }

    /** Runs read-only work on a connection in auto-commit mode. */
    public <T> T read(Work<T> work) throws IOException {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Runs work in one transaction, committed when it returns; retried a few times on a conflict. */
    public <T> T write(Work<T> work) throws IOException {
        SQLException last = null;
        for (int attempt = 1; attempt <= 5; attempt++) {
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    try {
                        c.rollback();
                    } catch (SQLException ignored) {
                        // the connection is broken; the pool replaces it
                    }
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                if (!retryable(e)) throw failure(e);
                last = e;
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L << attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while retrying a metadata write", ie);
                }
            }
        }
        throw failure(last);
    }

    private boolean retryable(SQLException e) {
        String state = e.getSQLState();
        if (engine == Engine.POSTGRESQL) return "40001".equals(state) || "40P01".equals(state);
        int code = e.getErrorCode() & 0xff; // extended result codes carry the primary code in the low byte
        return code == 5 || code == 6; // SQLITE_BUSY, SQLITE_LOCKED
    }

    private IOException failure(SQLException e) {
        return new IOException("metadata database " + where + ": " + rootMessage(e), e);
    }

    /** The pool itself, for backups and benchmarks that stream large results. */
    public DataSource dataSource() { return pool; }

    @Override
    public void close() { pool.close(); }
}
