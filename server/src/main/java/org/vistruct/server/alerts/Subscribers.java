package org.vistruct.server.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.vistruct.metadata.SubscriberTable;

/** The webhook subscribers, in the metadata database (each row holds its signing secret). */
public final class Subscribers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SubscriberTable table;

    public Subscribers(SubscriberTable table) { this.table = table; }

    public void add(Subscriber s) throws IOException {
        if (!table.insert(new SubscriberTable.SubscriberRow(s.id(), s.created(), JSON.writeValueAsString(s)))) {
            throw new IllegalArgumentException("subscriber " + s.id() + " exists");
        }
    }

    /** Removes a subscriber with everything still waiting in its outbox. */
    public boolean remove(String id) throws IOException { return table.delete(id); }

    public Subscriber get(String id) throws IOException {
        for (Subscriber s : all()) if (s.id().equals(id)) return s;
        return null;
    }

    public List<Subscriber> all() throws IOException {
        List<Subscriber> out = new ArrayList<>();
        for (SubscriberTable.SubscriberRow r : table.all()) out.add(JSON.readValue(r.body(), Subscriber.class));
        return out;
    }
}
