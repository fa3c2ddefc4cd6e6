package org.vistruct.server.http;

import java.io.IOException;
import java.util.List;
import org.vistruct.metadata.AuditTrail;

/**
 * What requests did, for the audit trail: one entry per search, face search, record read, picture
 * fetch, watch-list change and evidence hold (user, time, client address, action, target, what was
 * asked, how many results), committed before the answer leaves.
 */
public final class AuditLog {
    private final AuditTrail trail;

    public AuditLog(AuditTrail trail) { this.trail = trail; }

    /** Appends what an authenticated request did, with no particular target. */
    public void record(ApiRequest req, String action, String query, int results) throws IOException {
        record(req, action, null, query, results);
    }

    /** Appends what an authenticated request did to a target (a record id, a picture key, a hold …). */
    public void record(ApiRequest req, String action, String target, String query, int results) throws IOException {
        String user = req.caller() == null ? "-" : req.caller().name();
        trail.append(AuditTrail.Entry.of(System.currentTimeMillis(), user, req.client(), action, target, query, results, 200));
    }

    /** Appends an entry made elsewhere (refused requests, the CLI). */
    public void append(AuditTrail.Entry e) throws IOException { trail.append(e); }

    /** Entries matching the query, newest first. */
    public List<AuditTrail.Entry> find(AuditTrail.Query q) throws IOException { return trail.find(q); }

    public AuditTrail trail() { return trail; }
}
