package org.vistruct.server.viid;

import java.io.IOException;
import java.util.List;
import org.vistruct.gat1400.ViidStore;
import org.vistruct.metadata.ViidTable;

/** GA/T 1400 state in the metadata database. */
final class DatabaseViidStore implements ViidStore {
    private final ViidTable table;
    private final org.vistruct.metadata.LeaseTable leases;
    private final String node;
    private final long leaseMs;
    /** When each lane's lease was last taken or renewed here: renewed a third of the way through, not at every look. */
    private final java.util.Map<String, Long> renewed = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param leases  where lanes are leased (several nodes on one database)
     * @param node    this node's id
     * @param leaseMs how long a lease lasts without renewal (the cluster's dead-after)
     */
    DatabaseViidStore(ViidTable table, org.vistruct.metadata.LeaseTable leases, String node, long leaseMs) {
        this.table = table;
        this.leases = leases;
        this.node = node;
        this.leaseMs = leaseMs;
    }

    @Override
    public boolean holdLane(String name) throws IOException {
        long now = System.currentTimeMillis();
        Long last = renewed.get(name);
        if (last != null && now - last < leaseMs / 3) return true;
        if (leases.hold("viid:" + name, node, leaseMs)) {
            renewed.put(name, now);
            return true;
        }
        renewed.remove(name);
        return false;
    }

    @Override
    public void saveSubscription(SubscriptionRow r) throws IOException {
        table.saveSubscription(new ViidTable.SubscriptionRow(r.id(), r.subscriber(), r.state(), r.created(), r.updated(), r.body()));
    }

    @Override
    public List<SubscriptionRow> subscriptions() throws IOException {
        return table.subscriptions().stream().map(r -> new SubscriptionRow(r.id(), r.subscriber(), r.state(), r.created(), r.updated(), r.body())).toList();
    }

    @Override
    public Cursor cursor(String name) throws IOException {
        ViidTable.CursorRow c = table.cursor(name);
        return c == null ? null : new Cursor(c.name(), c.position(), c.digest(), c.updated());
    }

    @Override
    public void saveCursor(String name, long position, String digest) throws IOException { table.saveCursor(name, position, digest); }

    @Override
    public void deleteCursor(String name) throws IOException { table.deleteCursor(name); }

    @Override
    public void notice(Notice n) throws IOException {
        table.notice(new ViidTable.NoticeRow(n.kind(), n.id(), n.refId(), n.sender(), n.received(), n.objects(), n.body()));
    }

    @Override
    public List<Notice> notices(String kind, String refId, int limit) throws IOException {
        return table.notices(kind, refId, limit).stream().map(n -> new Notice(n.kind(), n.id(), n.refId(), n.sender(), n.received(), n.objects(), n.body())).toList();
    }
}
