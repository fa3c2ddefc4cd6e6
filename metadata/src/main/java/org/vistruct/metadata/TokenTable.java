package org.vistruct.metadata;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** API tokens: id, owner name, role and the SHA-256 of the secret; revoked tokens stay, marked. */
public final class TokenTable {
    /** One token as stored. */
    public record TokenRow(String id, String name, String role, String secretSha256, long created, Long revoked, String revokedBy) {
        public boolean active() { return revoked == null; }
    }

    private final MetadataDatabase db;

    public TokenTable(MetadataDatabase db) { this.db = db; }

    public void insert(TokenRow t) throws IOException {
        db.write(c -> Sql.update(c, "INSERT INTO tokens (id, name, role, secret_sha256, created, revoked, revoked_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                t.id(), t.name(), t.role(), t.secretSha256(), t.created(), Sql.longOrNull(t.revoked()), t.revokedBy()));
    }

    /** Inserts unless a token with this id exists (imports). */
    public void insertIfAbsent(TokenRow t) throws IOException {
        db.write(c -> Sql.update(c, "INSERT INTO tokens (id, name, role, secret_sha256, created, revoked, revoked_by) VALUES (?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (id) DO NOTHING", t.id(), t.name(), t.role(), t.secretSha256(), t.created(), Sql.longOrNull(t.revoked()), t.revokedBy()));
    }

    public TokenRow get(String id) throws IOException {
        return db.read(c -> Sql.one(c, "SELECT * FROM tokens WHERE id = ?", TokenTable::row, id));
    }

    public List<TokenRow> all() throws IOException {
        return db.read(c -> Sql.list(c, "SELECT * FROM tokens ORDER BY created, id", TokenTable::row));
    }

    public long countActive() throws IOException {
        return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM tokens WHERE revoked IS NULL"));
    }

    /** Marks a token revoked; false when there is no such active token. */
    public boolean revoke(String id, String by, long at) throws IOException {
        return db.write(c -> Sql.update(c, "UPDATE tokens SET revoked = ?, revoked_by = ? WHERE id = ? AND revoked IS NULL", at, by, id)) > 0;
    }

    private static TokenRow row(ResultSet rs) throws SQLException {
        return new TokenRow(rs.getString("id"), rs.getString("name"), rs.getString("role"), rs.getString("secret_sha256"), rs.getLong("created"),
                Sql.getLong(rs, "revoked"), rs.getString("revoked_by"));
    }
}
