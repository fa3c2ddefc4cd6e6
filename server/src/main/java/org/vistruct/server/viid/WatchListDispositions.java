package org.vistruct.server.viid;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.vistruct.core.ObjectKeys;
import org.vistruct.core.PictureStore;
import org.vistruct.gat1400.ObjectError;
import org.vistruct.gat1400.disposition.Disposition;
import org.vistruct.gat1400.disposition.DispositionBook;
import org.vistruct.metadata.ViidTable;
import org.vistruct.server.QueryFaceEncoder;
import org.vistruct.server.alerts.AlertService;
import org.vistruct.server.alerts.Subscriber;
import org.vistruct.server.alerts.WatchEntry;

/**
 * Dispositions as watch-list entries: each disposition is a watch list of its own (one entry: the
 * plate, plate pattern, vehicle rule or face), and a subscriber that receives that list's alerts at
 * the disposition's ReceiveAddr in GA/T 1400 form. Hits then go through the one alert pipeline:
 * committed with their deliveries, retried until acknowledged, kept as evidence.
 */
final class WatchListDispositions implements DispositionBook {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AlertService alerts;
    private final ViidTable table;
    private final QueryFaceEncoder faces;
    private final PictureStore pictures;
    private final ZoneId zone;

    WatchListDispositions(AlertService alerts, ViidTable table, QueryFaceEncoder faces, PictureStore pictures, ZoneId zone) {
        this.alerts = alerts;
        this.table = table;
        this.faces = faces;
        this.pictures = pictures;
        this.zone = zone;
    }

    /** The watch list (and subscriber id) of a disposition: its id, shortened by a hash when it would not fit. */
    static String listOf(String dispositionId) {
        String name = "viid-" + dispositionId;
        if (name.length() <= 64) return name;
        try {
            return "viid-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(dispositionId.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void dispose(Disposition d) throws IOException {
        String list = listOf(d.id());
        for (ViidTable.DispositionRow row : table.dispositions()) {
            if (row.id().equals(d.id()) && !row.sender().equals(d.sender())) throw new ObjectError("disposition " + d.id() + " belongs to " + row.sender());
        }
        removeEntries(list);
        long now = System.currentTimeMillis();
        String creator = "gat1400:" + d.sender();
        String reason = d.title() != null ? d.title() : d.reason();
        WatchEntry e;
        if (d.category().equals("1")) {
            QueryFaceEncoder.Enrolled face;
            try {
                face = faces.enrol(d.face(), "disposition " + d.id(), 0);
            } catch (IllegalArgumentException noFace) {
                throw new ObjectError("disposition " + d.id() + ": " + noFace.getMessage());
            }
            String id = list + "-face";
            String photoKey = ObjectKeys.of("watchlist", now, id.replaceAll("[^0-9A-Za-z_-]", "_"), "enrolled", zone);
            pictures.put(photoKey, face.alignedJpeg());
            e = new WatchEntry(id, list, WatchEntry.Kind.FACE, null, null, face.feature(), 0.5f, photoKey, d.begin(), d.end(), d.priority(), reason, creator, now);
        } else if (d.plate() != null) {
            String plate = d.plate().toUpperCase(java.util.Locale.ROOT);
            boolean pattern = plate.contains("*") || plate.contains("?");
            e = new WatchEntry(list + "-plate", list, pattern ? WatchEntry.Kind.PATTERN : WatchEntry.Kind.PLATE, plate, null, null, 0f, null, d.begin(), d.end(),
                    d.priority(), reason, creator, now);
        } else {
            WatchEntry.VehicleRule rule = new WatchEntry.VehicleRule(d.plateColor() == null ? null : d.plateColor().code(),
                    d.vehicleColor() == null ? null : d.vehicleColor().code(), d.vehicleClass() == null ? null : d.vehicleClass().code(), d.devices(), null, null);
            e = new WatchEntry(list + "-vehicle", list, WatchEntry.Kind.VEHICLE, null, rule, null, 0f, null, d.begin(), d.end(), d.priority(), reason, creator, now);
        }
        alerts.removeSubscriber(list);
        ObjectNode body = JSON.createObjectNode().put("receiveAddr", d.receiveAddr()).put("entry", e.id()).put("title", reason);
        table.saveDisposition(new ViidTable.DispositionRow(d.id(), d.sender(), now, body.toString()));
        alerts.watchList().add(e);
        if (d.receiveAddr() != null) {
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            alerts.addSubscriber(new Subscriber(list, "GA/T 1400 disposition " + d.id() + " of " + d.sender(), d.receiveAddr(), HexFormat.of().formatHex(secret),
                    Set.of(list), Set.of(), creator, now, Subscriber.FORMAT_VIID));
        }
    }

    private void removeEntries(String list) throws IOException {
        List<String> ids = new ArrayList<>();
        for (WatchEntry w : alerts.watchList().all()) if (w.list().equals(list)) ids.add(w.id());
        for (String id : ids) alerts.watchList().remove(id);
    }

    @Override
    public synchronized boolean cancel(String id, String sender) throws IOException {
        ViidTable.DispositionRow row = null;
        for (ViidTable.DispositionRow r : table.dispositions()) if (r.id().equals(id)) row = r;
        if (row == null || !row.sender().equals(sender)) return false;
        String list = listOf(id);
        removeEntries(list);
        alerts.removeSubscriber(list);
        table.deleteDisposition(id);
        return true;
    }

    @Override
    public List<String> ids(String sender) throws IOException {
        return table.dispositions().stream().filter(r -> r.sender().equals(sender)).map(ViidTable.DispositionRow::id).toList();
    }
}
