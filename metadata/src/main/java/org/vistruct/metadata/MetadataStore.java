package org.vistruct.metadata;

import java.io.IOException;
import java.nio.file.Path;

/** The metadata database opened with one object per table: what the server and the CLI work with. */
public final class MetadataStore implements AutoCloseable {
    private final MetadataDatabase db;
    private final MetaTable meta;
    private final Counters counters;
    private final TokenTable tokens;
    private final AuditTrail audit;
    private final DeviceTable devices;
    private final PlaceTable places;
    private final SuspectTable suspects;
    private final WatchTable watchEntries;
    private final SubscriberTable subscribers;
    private final AlertTable alerts;
    private final OutboxTable outbox;
    private final JobTable jobs;
    private final NodeTable nodes;
    private final LeaseTable leases;
    private final LiveStreamTable liveStreams;
    private final HoldTable holds;
    private final ViidTable viid;

    private MetadataStore(MetadataDatabase db) {
        this.db = db;
        this.meta = new MetaTable(db);
        this.counters = new Counters(db);
        this.tokens = new TokenTable(db);
        this.audit = new AuditTrail(db);
        this.devices = new DeviceTable(db);
        this.places = new PlaceTable(db);
        this.suspects = new SuspectTable(db);
        this.watchEntries = new WatchTable(db);
        this.subscribers = new SubscriberTable(db);
        this.alerts = new AlertTable(db);
        this.outbox = new OutboxTable(db);
        this.jobs = new JobTable(db);
        this.nodes = new NodeTable(db);
        this.leases = new LeaseTable(db);
        this.liveStreams = new LiveStreamTable(db);
        this.holds = new HoldTable(db);
        this.viid = new ViidTable(db);
    }

    public static MetadataStore open(MetadataSettings settings, Path dataDir) throws IOException {
        return new MetadataStore(MetadataDatabase.open(settings, dataDir));
    }

    public MetadataDatabase database() { return db; }

    public MetaTable meta() { return meta; }

    public Counters counters() { return counters; }

    public TokenTable tokens() { return tokens; }

    public AuditTrail audit() { return audit; }

    public DeviceTable devices() { return devices; }

    public PlaceTable places() { return places; }

    public SuspectTable suspects() { return suspects; }

    public WatchTable watchEntries() { return watchEntries; }

    public SubscriberTable subscribers() { return subscribers; }

    public AlertTable alerts() { return alerts; }

    public OutboxTable outbox() { return outbox; }

    public JobTable jobs() { return jobs; }

    /** The nodes of a cluster sharing this database. */
    public NodeTable nodes() { return nodes; }

    /** Work one node of a cluster does at a time. */
    public LeaseTable leases() { return leases; }

    /** The live channels a cluster analyses, and who receives and signals each. */
    public LiveStreamTable liveStreams() { return liveStreams; }

    public HoldTable holds() { return holds; }

    /** GA/T 1400 subscriptions, feed positions, notifications and dispositions. */
    public ViidTable viid() { return viid; }

    /** Waits for the audit writer, then closes the pool. */
    @Override
    public void close() {
        audit.close();
        db.close();
    }
}
