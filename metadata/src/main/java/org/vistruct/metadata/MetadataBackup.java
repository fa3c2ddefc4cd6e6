package org.vistruct.metadata;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metadata database as portable files: one JSON-lines file per table (a header line with the
 * column names, then one array per row), read in one snapshot transaction, so the files agree with
 * each other; restored into an empty database of either engine (a PostgreSQL backup restores into
 * SQLite and the other way round).
 */
public final class MetadataBackup {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every table of the schema, in an order that restores cleanly. */
    static final List<String> TABLES = List.of("meta", "counters", "tokens", "audit_head", "audit", "devices", "channels", "watch_entries", "subscribers",
            "alerts", "outbox", "jobs", "holds", "viid_subscriptions", "viid_cursors", "viid_notices", "viid_dispositions", "places", "clone_suspects");
    /** Tables a backup of an earlier version does not have: restored empty. */
    private static final java.util.Set<String> SINCE_V2 = java.util.Set.of("viid_subscriptions", "viid_cursors", "viid_notices", "viid_dispositions", "places",
            "clone_suspects");

    private MetadataBackup() {}

    /**
     * Writes every table into {@code dir}. {@code snapshotTaken} runs once the snapshot is fixed
     * (the caller may then let writes go on); the rows written are those of that instant.
     *
     * @return rows per table
     */
    public static Map<String, Long> export(MetadataDatabase db, Path dir, Runnable snapshotTaken) throws IOException {
        Files.createDirectories(dir);
        try (Connection c = db.dataSource().getConnection()) {
            boolean auto = c.getAutoCommit();
            try {
                if (db.engine() == MetadataDatabase.Engine.POSTGRESQL) c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                c.setAutoCommit(false);
                // SQLite (WAL) fixes a read transaction's snapshot at its first read, PostgreSQL (repeatable read) at its first statement
                Sql.count(c, "SELECT COUNT(*) FROM audit_head");
                snapshotTaken.run();
                Map<String, Long> rows = new LinkedHashMap<>();
                for (String t : TABLES) rows.put(t, exportTable(c, t, dir.resolve(t + ".jsonl")));
                c.commit();
                return rows;
            } finally {
                c.setAutoCommit(auto);
                if (db.engine() == MetadataDatabase.Engine.POSTGRESQL) c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        } catch (SQLException e) {
            throw new IOException("metadata backup: " + MetadataDatabase.rootMessage(e), e);
        }
    }

    private static long exportTable(Connection c, String table, Path file) throws SQLException, IOException {
        long n = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table); ResultSet rs = ps.executeQuery();
             JsonGenerator g = JSON.getFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            g.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
            ResultSetMetaData md = rs.getMetaData();
            g.writeStartArray();
            for (int i = 1; i <= md.getColumnCount(); i++) g.writeString(md.getColumnName(i).toLowerCase(java.util.Locale.ROOT));
            g.writeEndArray();
            while (rs.next()) {
                g.writeStartArray();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    switch (v) {
                        case null -> g.writeNull();
                        case Double d -> g.writeNumber(d);
                        case Float f -> g.writeNumber(f);
                        case java.math.BigDecimal d -> g.writeNumber(d);
                        case Number num -> g.writeNumber(num.longValue());
                        default -> g.writeString(v.toString());
                    }
                }
                g.writeEndArray();
                n++;
            }
            g.writeRaw('\n');
        }
        return n;
    }

    /**
     * Replaces every row of the database by the backup's, in one transaction.
     *
     * @return rows per table
     */
    public static Map<String, Long> restore(MetadataDatabase db, Path dir) throws IOException {
        for (String t : TABLES) {
            if (!Files.exists(dir.resolve(t + ".jsonl")) && !SINCE_V2.contains(t)) throw new IOException(dir + " holds no " + t + ".jsonl: not a metadata backup");
        }
        return db.write(c -> {
            Map<String, Long> rows = new LinkedHashMap<>();
            for (String t : TABLES.reversed()) Sql.update(c, "DELETE FROM " + t);
            for (String t : TABLES) {
                if (!Files.exists(dir.resolve(t + ".jsonl"))) {
                    rows.put(t, 0L);
                    continue;
                }
                try {
                    rows.put(t, restoreTable(c, t, dir.resolve(t + ".jsonl")));
                } catch (IOException e) {
                    throw new SQLException("restoring " + t + ": " + e.getMessage(), e);
                }
            }
            return rows;
        });
    }

    private static long restoreTable(Connection c, String table, Path file) throws IOException, SQLException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) return 0;
            List<String> columns = new ArrayList<>();
            JSON.readTree(header).forEach(n -> columns.add(n.asText()));
            Map<String, Integer> types = columnTypes(c, table);
            String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
            long n = 0;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isBlank()) continue;
                    JsonNode row = JSON.readTree(line);
                    for (int i = 0; i < columns.size(); i++) {
                        JsonNode v = row.get(i);
                        int type = types.getOrDefault(columns.get(i), Types.VARCHAR);
                        if (v == null || v.isNull()) ps.setNull(i + 1, type);
                        else if (type == Types.BIGINT || type == Types.INTEGER || type == Types.SMALLINT) ps.setLong(i + 1, v.asLong());
                        else if (type == Types.DOUBLE || type == Types.FLOAT || type == Types.REAL || type == Types.NUMERIC) ps.setDouble(i + 1, v.asDouble());
                        else ps.setString(i + 1, v.asText());
                    }
                    ps.addBatch();
                    if (++n % 1000 == 0) ps.executeBatch();
                }
                ps.executeBatch();
            }
            return n;
        }
    }

    /** Column name → JDBC type of a table in the target database. */
    private static Map<String, Integer> columnTypes(Connection c, String table) throws SQLException {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + " WHERE 1 = 0"); ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) out.put(md.getColumnName(i).toLowerCase(java.util.Locale.ROOT), md.getColumnType(i));
        }
        return out;
    }
}
