package org.vistruct.metadata;

/**
 * Where the metadata database is.
 *
 * @param url      a {@code jdbc:postgresql://…} URL, or empty for the embedded SQLite file under the data directory
 * @param user     PostgreSQL user (ignored for SQLite)
 * @param password PostgreSQL password (ignored for SQLite)
 * @param schema   PostgreSQL schema; empty: one of this installation's own ({@code vistruct_<instance id>}).
 *                 Every node of a cluster names the same schema.
 * @param poolSize connections kept open
 * @param syncEveryCommit SQLite only: fsync at every commit (survives power loss), else only at checkpoints
 *                        (still survives a killed process)
 */
public record MetadataSettings(String url, String user, String password, String schema, int poolSize, boolean syncEveryCommit) {
    public MetadataSettings {
        url = url == null ? "" : url.trim();
        schema = schema == null ? "" : schema.trim();
        if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:sqlite:")) {
            throw new IllegalArgumentException("metadata.url must be empty (embedded) or a jdbc:postgresql:// URL, was '" + url + "'");
        }
        if (!schema.isEmpty() && !schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("metadata.schema must be a lower-case SQL name (letters, digits, _), was '" + schema + "'");
        }
        if (poolSize < 1 || poolSize > 100) throw new IllegalArgumentException("metadata.pool-size must be 1-100, was " + poolSize);
    }

    /** The embedded default. */
    public static MetadataSettings embedded() { return new MetadataSettings("", "", "", "", 4, true); }

    public boolean isPostgres() { return url.startsWith("jdbc:postgresql:"); }

    @Override
    public String toString() { return url.isEmpty() ? "embedded SQLite" : url + (schema.isEmpty() ? "" : " schema " + schema); } // never the password
}
