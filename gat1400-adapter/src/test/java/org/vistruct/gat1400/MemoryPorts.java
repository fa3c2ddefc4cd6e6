package org.vistruct.gat1400;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.vistruct.core.PictureStore;
import org.vistruct.core.RecordWriter;
import org.vistruct.core.StructuredRecord;
import org.vistruct.gat1400.disposition.Disposition;
import org.vistruct.gat1400.disposition.DispositionBook;
import org.vistruct.gat1400.intake.DirectoryIntake;
import org.vistruct.gat1400.intake.ObjectIntake;
import org.vistruct.gat1400.intake.ObjectQueries;
import org.vistruct.gat1400.objects.ObjectReader;
import org.vistruct.gat1400.objects.ObjectWriter;
import org.vistruct.gat1400.objects.PictureFetcher;
import org.vistruct.gat1400.subscribe.Backoff;
import org.vistruct.gat1400.subscribe.Notifications;
import org.vistruct.gat1400.subscribe.Subscriptions;
import org.vistruct.gat1400.system.Registrations;

/**
 * The ports of the GA/T 1400 service kept in memory, so the protocol side is tested on its own: a
 * record writer that keeps what it acknowledged (and counts writes), a feed over it, a picture
 * store, a directory, a store, a disposition book.
 */
final class MemoryPorts implements RecordWriter, RecordFeed, RecordFinder, DeviceDirectory, ViidStore, DispositionBook {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    final Map<String, StructuredRecord> records = new ConcurrentHashMap<>();
    final ConcurrentSkipListMap<Long, StructuredRecord> log = new ConcurrentSkipListMap<>();
    final Map<String, byte[]> pictures = new ConcurrentHashMap<>();
    final Map<String, Device> devices = new ConcurrentHashMap<>();
    final Map<String, SubscriptionRow> subscriptions = new ConcurrentHashMap<>();
    final Map<String, Cursor> cursors = new ConcurrentHashMap<>();
    final List<Notice> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Map<String, Disposition> dispositions = new ConcurrentHashMap<>();
    final AtomicLong writes = new AtomicLong(), seq = new AtomicLong();

    /** The service over these ports, with one sender password for everyone. */
    private Registrations registrations;
    private Subscriptions subs;

    Registrations registrations() { return registrations; }

    /** Stops the subscription lanes the service started. */
    void closeAll() { if (subs != null) subs.close(); }

    ViidService service(Registrations registrations) throws IOException {
        this.registrations = registrations;
        PictureFetcher fetcher = new PictureFetcher(java.util.Set.of(), 1 << 20, java.time.Duration.ofSeconds(2));
        ObjectReader reader = new ObjectReader(ZONE, fetcher, 10 << 20, "vistruct", "v1");
        ObjectWriter writer = new ObjectWriter(ZONE, store, "vistruct", "v1", k -> null);
        this.subs = new Subscriptions(this, this, this, new Notifications(writer, ZONE, "34020000005030000001"),
                new org.vistruct.gat1400.client.ViidClient("34020000005030000001", java.time.Duration.ofSeconds(2), ZONE), new Backoff(10, 100), ZONE, 100);
        return new ViidService(new ViidService.Parts("34020000005030000001", ZONE, registrations,
                new ObjectIntake(reader, this, FaceFeatures.none("vistruct", "v1")), new ObjectQueries(this, writer, ZONE), new DirectoryIntake(this), this, subs, this,
                this, fetcher, store, new PictureLinks(new byte[32], null), id -> false, 10 << 20));
    }

    // RecordWriter
    @Override
    public StructuredRecord write(StructuredRecord r, Map<String, byte[]> pics, boolean provisional) {
        writes.incrementAndGet();
        pictures.putAll(pics);
        records.put(r.id(), r);
        log.put(seq.incrementAndGet(), r);
        return r;
    }

    @Override
    public int finalPictures(String id) {
        StructuredRecord r = records.get(id);
        return r == null ? -1 : r.pictureKeys().size();
    }

    // RecordFeed
    @Override
    public long head() { return seq.get(); }

    @Override
    public Batch after(long after, Filter f, int limit) {
        List<Entry> out = new ArrayList<>();
        long head = seq.get();
        for (var e : log.tailMap(after, false).entrySet()) {
            if (e.getKey() > head) break;
            if (!f.types().isEmpty() && !f.types().contains(e.getValue().type())) continue;
            if (!f.devices().isEmpty() && !f.devices().contains(e.getValue().deviceId())) continue;
            out.add(new Entry(e.getKey(), e.getValue()));
            if (out.size() == limit) return new Batch(out, e.getKey());
        }
        return new Batch(out, head);
    }

    @Override
    public long count(long after, Filter f) { return after(after, f, Integer.MAX_VALUE).entries().size(); }

    // RecordFinder
    @Override
    public Page find(Query q) {
        List<StructuredRecord> all = records.values().stream().filter(r -> r.type() == q.type()).toList();
        return new Page(all.size(), all.stream().skip(q.offset()).limit(q.limit()).toList());
    }

    @Override
    public StructuredRecord get(String id) { return records.get(id); }

    /** Pictures in memory. */
    final PictureStore store = new PictureStore() {
        @Override
        public void put(String key, byte[] jpeg) { pictures.put(key, jpeg); }

        @Override
        public byte[] get(String key) throws IOException {
            byte[] b = pictures.get(key);
            if (b == null) throw new FileNotFoundException(key);
            return b;
        }

        @Override
        public void delete(Collection<String> keys) { keys.forEach(pictures::remove); }

        @Override
        public void list(String prefix, Consumer<StoredPicture> visitor) {
            pictures.keySet().stream().filter(k -> k.startsWith(prefix)).sorted().forEach(k -> visitor.accept(new StoredPicture(k, pictures.get(k).length, 0)));
        }

        @Override
        public boolean supportsLegalHold() { return false; }

        @Override
        public void legalHold(String key, boolean on) { }

        @Override
        public boolean isLegallyHeld(String key) { return false; }

        @Override
        public void close() { }
    };

    // DeviceDirectory
    @Override
    public void save(List<Device> list) { for (Device d : list) devices.put(d.id(), d); }

    @Override
    public List<Device> all(Kind kind) { return devices.values().stream().filter(d -> kind == null || d.kind() == kind).toList(); }

    @Override
    public Map<String, Boolean> status() { return Map.of(); }

    // ViidStore
    @Override
    public void saveSubscription(SubscriptionRow row) { subscriptions.put(row.id(), row); }

    @Override
    public List<SubscriptionRow> subscriptions() { return List.copyOf(subscriptions.values()); }

    @Override
    public Cursor cursor(String name) { return cursors.get(name); }

    @Override
    public void saveCursor(String name, long position, String digest) { cursors.put(name, new Cursor(name, position, digest, System.currentTimeMillis())); }

    @Override
    public void deleteCursor(String name) { cursors.remove(name); }

    @Override
    public void notice(Notice n) { notices.add(n); }

    @Override
    public List<Notice> notices(String kind, String refId, int limit) { return notices.stream().filter(n -> n.kind().equals(kind)).limit(limit).toList(); }

    // DispositionBook
    @Override
    public void dispose(Disposition d) { dispositions.put(d.id(), d); }

    @Override
    public boolean cancel(String id, String sender) { return dispositions.remove(id) != null; }

    @Override
    public List<String> ids(String sender) { return List.copyOf(dispositions.keySet()); }
}
