package org.vistruct.server.viid;

import java.io.IOException;
import java.util.List;
import org.vistruct.gat1400.ViidStore;
import org.vistruct.metadata.ViidTable;

/** GA/T 1400 state in the metadata database. */
final class DatabaseViidStore implements ViidStore {
    private final ViidTable table;

    DatabaseViidStore(ViidTable table) { this.table = table; }

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
