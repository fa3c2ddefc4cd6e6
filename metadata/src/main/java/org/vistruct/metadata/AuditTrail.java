package org.vistruct.metadata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who did what, when, from where: one row per audited action, each chained to the one before by
 * SHA-256 (hash = SHA-256(previous hash, the entry's fields)), so that an altered, removed or
 * inserted entry is found by {@link #verify()} while every other entry stays readable.
 *
 * <p>Appends are group-committed: callers wait until their entry is committed, and a single
 * writer commits everything that queued up meanwhile in one transaction, which keeps one fsync
 * per batch instead of one per search under load.
 */
public final class AuditTrail implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    static final String GENESIS = "0".repeat(64);
    private static final int MAX_BATCH = 512;

    /**
     * One audited action.
     *
     * @param seq    position in the chain (0 before it is appended)
     * @param target what was acted on: a record id, a picture key, a token id (null when none)
     * @param query  what was asked (search parameters), or a note
     * @param status the HTTP status answered (200 for done, 401/403 for refused …)
     */
    public record Entry(long seq, long time, String user, String client, String action, String target, String query, int results, int status) {
        public Entry {
            user = clip(user == null ? "-" : user, 64);
            client = client == null ? null : clip(client, 128);
            action = clip(action, 64);
            target = target == null ? null : clip(target, 256);
        }

        public static Entry of(long time, String user, String client, String action, String target, String query, int results, int status) {
            return new Entry(0, time, user, client, action, target, query, results, status);
        }

        private static String clip(String s, int max) { return s.length() <= max ? s : s.substring(0, max); }
    }

    /** What to find; null fields mean any. Newest first, at most limit. */
    public record Query(String user, String action, String target, Long from, Long to, int limit) {}

    /** One thing wrong with the chain. */
    public record Problem(long seq, String what) {}

    /** The result of walking the whole chain. */
    public record Verification(long entries, long lastSeq, List<Problem> problems) {
        public boolean intact() { return problems.isEmpty(); }
    }

    private record Pending(Entry entry, CompletableFuture<Long> done) {}

    private final MetadataDatabase db;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(16_384);
    private final Thread writer;
    private volatile boolean closed;

    public AuditTrail(MetadataDatabase db) {
        this.db = db;
        this.writer = Thread.ofPlatform().name("audit-writer").daemon().start(this::writeLoop);
    }

    /** Appends an entry and returns its sequence number once it is committed. */
    public long append(Entry e) throws IOException {
        if (closed) throw new IOException("the audit trail is closed");
        CompletableFuture<Long> done = new CompletableFuture<>();
        try {
            if (!queue.offer(new Pending(e, done), 10, TimeUnit.SECONDS)) throw new IOException("the audit trail cannot keep up (16,384 entries waiting)");
            return done.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the audit trail", ie);
        } catch (ExecutionException ex) {
            throw ex.getCause() instanceof IOException io ? io : new IOException(ex.getCause());
        } catch (TimeoutException te) {
            throw new IOException("the audit entry was not committed within 60 s");
        }
    }

    /** Appends many entries in one transaction, without the writer thread (imports and benchmarks). */
    public void appendAll(List<Entry> entries) throws IOException {
        synchronized (this) { // never interleaved with the writer's batches of this process
            db.write(c -> {
                chain(c, entries);
                return null;
            });
        }
    }

    /**
     * Appends batches in one transaction unless {@code marker} was recorded before (then nothing is
     * written and -1 returned): an import that a crash interrupted is neither half done nor done twice.
     */
    public long importOnce(java.util.Iterator<List<Entry>> batches, String marker) throws IOException {
        synchronized (this) {
            return db.write(c -> {
                if (Sql.one(c, "SELECT value FROM meta WHERE name = ?", rs -> rs.getString(1), marker) != null) return -1L;
                long n = 0;
                while (batches.hasNext()) {
                    List<Entry> batch = batches.next();
                    if (batch.isEmpty()) continue;
                    chain(c, batch);
                    n += batch.size();
                }
                Sql.update(c, "INSERT INTO meta (name, value) VALUES (?, ?)", marker, Long.toString(n));
                return n;
            });
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                List<Entry> entries = batch.stream().map(Pending::entry).toList();
                try {
                    long[] seqs;
                    synchronized (this) {
                        seqs = db.write(c -> chain(c, entries));
                    }
                    for (int i = 0; i < batch.size(); i++) batch.get(i).done().complete(seqs[i]);
                } catch (IOException | RuntimeException e) {
                    log.error("{} audit entries could not be written: {}", batch.size(), e.getMessage());
                    for (Pending p : batch) p.done().completeExceptionally(e instanceof IOException ? e : new IOException(e));
                }
                batch.clear();
            } catch (InterruptedException e) {
                if (closed) break;
            }
        }
    }

    /** Links entries to the head of the chain and inserts them; the head row's lock serialises appenders across nodes. */
    private static long[] chain(Connection c, List<Entry> entries) throws SQLException {
        Sql.update(c, "UPDATE audit_head SET seq = seq WHERE id = 1");
        long seq;
        String prev;
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1"); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) throw new SQLException("audit_head has no row");
            seq = rs.getLong(1);
            prev = rs.getString(2);
        }
        long[] seqs = new long[entries.size()];
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO audit (seq, at_ms, user_name, client, action, target, query, results, status, prev_hash, hash) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                seq++;
                String hash = hash(prev, seq, e);
                Sql.bind(ins, seq, e.time(), e.user(), e.client(), e.action(), e.target(), e.query(), e.results(), e.status(), prev, hash);
                ins.addBatch();
                seqs[i] = seq;
                prev = hash;
            }
            ins.executeBatch();
        }
        Sql.update(c, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", seq, prev);
        return seqs;
    }

    /** SHA-256 over the previous hash and every field, each length-prefixed so no two entries encode alike. */
    static String hash(String prev, long seq, Entry e) {
        StringBuilder b = new StringBuilder(256).append(prev);
        for (Object f : new Object[] {seq, e.time(), e.user(), e.client(), e.action(), e.target(), e.query(), e.results(), e.status()}) {
            String s = f == null ? "\u0000" : f.toString();
            b.append('\n').append(s.length()).append(':').append(s);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Entries matching the query, newest first. */
    public List<Entry> find(Query q) throws IOException {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        Sql.and(sql, args, "user_name = ?", q.user());
        Sql.and(sql, args, "action = ?", q.action());
        Sql.and(sql, args, "target = ?", q.target());
        Sql.and(sql, args, "at_ms >= ?", q.from());
        Sql.and(sql, args, "at_ms < ?", q.to());
        sql.append(" ORDER BY at_ms DESC, seq DESC LIMIT ?");
        args.add(Math.max(1, Math.min(q.limit(), 10_000)));
        return db.read(c -> Sql.list(c, sql.toString(), AuditTrail::row, args.toArray()));
    }

    public long count() throws IOException {
        return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM audit"));
    }

    /**
     * Walks the whole chain in order: every entry's hash recomputed, every link to the one before
     * checked, gaps in the sequence and a head that does not match the last entry reported.
     */
    public Verification verify() throws IOException {
        return db.read(c -> {
            List<Problem> problems = new ArrayList<>();
            long checked = 0, expectSeq = 1, lastSeq = 0;
            String prevHash = GENESIS;
            long after = 0;
            while (true) {
                List<Object[]> rows = Sql.list(c, "SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT 10000",
                        rs -> new Object[] {row(rs), rs.getString("prev_hash"), rs.getString("hash")}, after);
                if (rows.isEmpty()) break;
                for (Object[] r : rows) {
                    Entry e = (Entry) r[0];
                    String storedPrev = (String) r[1], storedHash = (String) r[2];
                    if (e.seq() != expectSeq) problems.add(new Problem(e.seq(), "entries " + expectSeq + "-" + (e.seq() - 1) + " are missing"));
                    if (!storedPrev.equals(prevHash)) problems.add(new Problem(e.seq(), "does not link to the entry before it (removed, inserted or re-hashed entries)"));
                    if (!hash(storedPrev, e.seq(), e).equals(storedHash)) problems.add(new Problem(e.seq(), "altered: its fields do not match its hash"));
                    prevHash = storedHash;
                    expectSeq = e.seq() + 1;
                    lastSeq = e.seq();
                    checked++;
                    if (problems.size() > 10_000) break;
                }
                after = lastSeq;
            }
            Object[] head = Sql.one(c, "SELECT seq, hash FROM audit_head WHERE id = 1", rs -> new Object[] {rs.getLong(1), rs.getString(2)});
            if (head != null && ((long) head[0] != lastSeq || !head[1].equals(prevHash))) {
                problems.add(new Problem((long) head[0], "the chain's head names entry " + head[0] + " but the last entry present is " + lastSeq
                        + " (entries removed from the end)"));
            }
            return new Verification(checked, lastSeq, problems);
        });
    }

    private static Entry row(ResultSet rs) throws SQLException {
        return new Entry(rs.getLong("seq"), rs.getLong("at_ms"), rs.getString("user_name"), rs.getString("client"), rs.getString("action"),
                rs.getString("target"), rs.getString("query"), rs.getInt("results"), rs.getInt("status"));
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
