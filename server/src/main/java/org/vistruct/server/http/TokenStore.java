package org.vistruct.server.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.metadata.TokenTable;

/**
 * Bearer tokens with roles, kept hashed (SHA-256) in the metadata database: a token is
 * {@code vst_<id>_<secret>}, only the id and the secret's hash are stored, so a stolen database
 * gives no working token. Every check reads the database, so a token made or revoked by another
 * process (the CLI, another node) counts at once.
 */
public final class TokenStore {
    private static final Logger log = LoggerFactory.getLogger(TokenStore.class);

    /** Who is calling, once the token checked out. */
    public record Caller(String name, Role role, String tokenId) {}

    private static final SecureRandom RANDOM = new SecureRandom();
    private final TokenTable table;

    public TokenStore(TokenTable table) { this.table = table; }

    /** Whether no token can sign in (none made yet, or all revoked). */
    public boolean isEmpty() throws IOException { return table.countActive() == 0; }

    /** Makes a token, stores its hash, and returns the token itself (shown once, never again). */
    public String create(String name, Role role) throws IOException {
        if (name == null || !name.matches("[\\p{L}\\p{N}_.@-]{1,64}")) throw new IllegalArgumentException("token name must be 1-64 letters, digits, _ . @ -");
        byte[] id = new byte[4], secret = new byte[24];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        String idHex = HexFormat.of().formatHex(id), secretHex = HexFormat.of().formatHex(secret);
        table.insert(new TokenTable.TokenRow(idHex, name, role.name(), sha256(secretHex), System.currentTimeMillis(), null, null));
        return "vst_" + idHex + "_" + secretHex;
    }

    /** The caller a token belongs to, or null when it is unknown, wrong or revoked. */
    public Caller check(String token) {
        if (token == null || !token.matches("vst_[0-9a-f]{8}_[0-9a-f]{48}")) return null;
        TokenTable.TokenRow row;
        try {
            row = table.get(token.substring(4, 12));
        } catch (IOException e) {
            log.error("tokens cannot be checked: {}", e.getMessage());
            return null; // an unreadable database admits nobody
        }
        if (row == null || !row.active()) return null;
        byte[] stored = row.secretSha256().getBytes(StandardCharsets.US_ASCII), given = sha256(token.substring(13)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(stored, given) ? new Caller(row.name(), Role.valueOf(row.role()), row.id()) : null;
    }

    /** Every token (never the secrets), for admins. */
    public List<TokenTable.TokenRow> list() throws IOException { return table.all(); }

    /** Revokes a token by its id (the 8 hex digits after vst_); false when no such active token. */
    public boolean revoke(String id, String by) throws IOException {
        return table.revoke(id, by, System.currentTimeMillis());
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
