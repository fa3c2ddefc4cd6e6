package org.vistruct.gat1400;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.core.GaTime;
import org.vistruct.core.ObjectKeys;
import org.vistruct.core.PictureStore;
import org.vistruct.gat1400.disposition.Disposition;
import org.vistruct.gat1400.disposition.DispositionBook;
import org.vistruct.gat1400.intake.DirectoryIntake;
import org.vistruct.gat1400.intake.ObjectIntake;
import org.vistruct.gat1400.intake.ObjectQueries;
import org.vistruct.gat1400.objects.ObjectKind;
import org.vistruct.gat1400.objects.PictureFetcher;
import org.vistruct.gat1400.subscribe.Subscriptions;
import org.vistruct.gat1400.system.Registrations;

/**
 * The 视图库 side of GA/T 1400, whatever carries the HTTP: routes /VIID/… requests to registration,
 * object intake and queries, directories, subscriptions, dispositions and received notifications.
 * Every request but System/Register, System/Time and signed pictures must come from a registered
 * sender (User-Identify) or a platform this one is registered with. Never throws: whatever a peer
 * sends gets an answer with a GA/T 1400 status.
 */
public final class ViidService {
    private static final Logger log = LoggerFactory.getLogger(ViidService.class);

    /** What the service is made of. */
    public record Parts(String serverId, ZoneId zone, Registrations registrations, ObjectIntake intake, ObjectQueries queries, DirectoryIntake directoryIntake,
                        DeviceDirectory directory, Subscriptions subscriptions, DispositionBook dispositions, ViidStore store, PictureFetcher fetcher,
                        PictureStore pictures, PictureLinks links, Predicate<String> trustedPeers, long maxPictureBytes) {}

    private final Parts p;
    public final LongAdder requests = new LongAdder(), refused = new LongAdder(), malformed = new LongAdder(), notificationsReceived = new LongAdder();

    public ViidService(Parts parts) { this.p = parts; }

    public ViidResponse handle(ViidRequest r) {
        requests.increment();
        try {
            return route(r);
        } catch (ViidException e) {
            if (e.httpStatus() == 401) refused.increment();
            else malformed.increment();
            if (e.httpStatus() != 401) log.debug("GA/T 1400 {} {} from {} ({}): {}", r.method(), r.path(), r.client(), r.header().apply("User-Identify"), e.getMessage());
            return status(e.httpStatus(), ResponseStatus.of(r.header().apply("User-Identify"), r.path(), e.status(), e.getMessage()));
        } catch (IOException e) {
            log.warn("GA/T 1400 {} {} from {} failed: {}", r.method(), r.path(), r.client(), e.toString());
            return status(503, ResponseStatus.of("", r.path(), ViidStatus.DEVICE_ERROR, e.getMessage()));
        } catch (RuntimeException e) {
            log.error("GA/T 1400 {} {} from {} failed", r.method(), r.path(), r.client(), e);
            return status(500, ResponseStatus.of("", r.path(), ViidStatus.OTHER_ERROR, "internal error: " + e.getClass().getSimpleName()));
        }
    }

    private ViidResponse route(ViidRequest r) throws IOException {
        String path = r.path().endsWith("/") && r.path().length() > 1 ? r.path().substring(0, r.path().length() - 1) : r.path();
        String m = r.method();
        if (path.startsWith(PictureLinks.PATH) && m.equals("GET")) return picture(path.substring(PictureLinks.PATH.length()), r.param("sig"));
        switch (path) {
            case "/VIID/System/Register" -> {
                return m.equals("POST") ? register(r) : notAllowed(r);
            }
            case "/VIID/System/Time" -> {
                return m.equals("GET") ? time() : notAllowed(r);
            }
            default -> { }
        }
        String sender = sender(r);
        switch (path) {
            case "/VIID/System/UnRegister" -> {
                if (!m.equals("POST")) return notAllowed(r);
                p.registrations().unregister(sender);
                return status(200, ResponseStatus.ok(sender, path));
            }
            case "/VIID/System/Keepalive" -> {
                if (!m.equals("POST")) return notAllowed(r);
                String id = deviceOf(ViidJson.parseObject(r.body()), "KeepaliveObject", sender);
                if (!p.registrations().keepalive(id) && !p.trustedPeers().test(id)) {
                    throw ViidException.unregistered(id + " is not registered (or missed its keepalives): register again");
                }
                return status(200, ResponseStatus.ok(id, path));
            }
            case "/VIID/APEs", "/VIID/Tollgates", "/VIID/Lanes" -> {
                DirectoryIntake.Shape shape = path.equals("/VIID/APEs") ? DirectoryIntake.Shape.APE : path.equals("/VIID/Tollgates") ? DirectoryIntake.Shape.TOLLGATE
                        : DirectoryIntake.Shape.LANE;
                if (m.equals("POST") || m.equals("PUT")) return statuses(p.directoryIntake().take(shape, ViidJson.parseObject(r.body()), sender, path));
                if (m.equals("GET")) return directory(shape);
                return notAllowed(r);
            }
            case "/VIID/Subscribes" -> {
                return switch (m) {
                    case "POST", "PUT" -> statuses(p.subscriptions().apply(ViidJson.parseObject(r.body()), sender, path));
                    case "DELETE" -> statuses(idList(r).stream().map(id -> p.subscriptions().cancel(id, sender, path)).toList());
                    case "GET" -> subscriptionsOf(sender);
                    default -> notAllowed(r);
                };
            }
            case "/VIID/SubscribeNotifications" -> {
                return m.equals("POST") ? statuses(receiveNotifications(ViidJson.parseObject(r.body()), sender, path)) : notAllowed(r);
            }
            case "/VIID/Dispositions" -> {
                return switch (m) {
                    case "POST", "PUT" -> statuses(dispose(ViidJson.parseObject(r.body()), sender, path));
                    case "DELETE" -> statuses(cancelDispositions(idList(r), sender, path));
                    case "GET" -> dispositionsOf(sender);
                    default -> notAllowed(r);
                };
            }
            case "/VIID/DispositionNotifications" -> {
                return m.equals("POST") ? statuses(receiveDispositionNotifications(ViidJson.parseObject(r.body()), sender, path)) : notAllowed(r);
            }
            default -> { }
        }
        if (path.startsWith("/VIID/Subscribes/") && (m.equals("DELETE") || m.equals("PUT"))) {
            String id = path.substring("/VIID/Subscribes/".length());
            if (m.equals("DELETE")) return statuses(List.of(p.subscriptions().cancel(id, sender, path)));
            return statuses(p.subscriptions().apply(withId(ViidJson.parseObject(r.body()), "SubscribeListObject", "SubscribeObject", "SubscribeID", id), sender, path));
        }
        if (path.startsWith("/VIID/Dispositions/") && (m.equals("DELETE") || m.equals("PUT"))) {
            String id = path.substring("/VIID/Dispositions/".length());
            if (m.equals("DELETE")) return statuses(cancelDispositions(List.of(id), sender, path));
            return statuses(dispose(withId(ViidJson.parseObject(r.body()), "DispositionListObject", "DispositionObject", "DispositionID", id), sender, path));
        }
        ObjectKind kind = path.startsWith("/VIID/") ? ObjectKind.ofResource(path.substring(6)) : null;
        if (kind != null) {
            if (m.equals("POST")) return statuses(p.intake().take(kind, ViidJson.parseObject(r.body()), sender, path));
            if (m.equals("GET")) return ViidResponse.json(200, p.queries().query(kind, r.query()));
            return notAllowed(r);
        }
        throw new ViidException(404, ViidStatus.INVALID_OPERATION, "no GA/T 1400 resource " + ViidJson.clip(path));
    }

    /** The caller's User-Identify, which must be a registered sender or a platform this one is registered with. */
    private String sender(ViidRequest r) {
        String id = r.header().apply("User-Identify");
        if (id == null || id.isBlank()) throw ViidException.unregistered("the User-Identify header is missing: send your DeviceID in it, after registering");
        id = id.trim();
        if (!p.registrations().isOnline(id) && !p.trustedPeers().test(id)) {
            throw ViidException.unregistered("User-Identify " + ViidJson.clip(id) + " is not registered (or missed its keepalives): register first");
        }
        return id;
    }

    private ViidResponse register(ViidRequest r) {
        String authorization = r.header().apply("Authorization");
        if (authorization == null || authorization.isBlank()) {
            // challenged before the body is read: curl --digest (and other HTTP clients) probe with an empty body first
            return status(401, ResponseStatus.of("", r.path(), ViidStatus.INVALID_OPERATION, "authenticate with digest"))
                    .header("WWW-Authenticate", p.registrations().challenge());
        }
        String id = deviceOf(ViidJson.parseObject(r.body()), "RegisterObject", null);
        Registrations.Outcome o = p.registrations().register(id, authorization, r.method(), r.path(), r.client());
        return switch (o.kind()) {
            case CHALLENGE -> status(401, ResponseStatus.of(id, r.path(), ViidStatus.INVALID_OPERATION, "authenticate with digest")).header("WWW-Authenticate", o.challenge());
            case OK -> status(200, ResponseStatus.ok(id, r.path()));
            case REFUSED -> {
                refused.increment();
                log.warn("GA/T 1400 Register of {} from {} refused: {}", id, r.client(), o.reason());
                ViidResponse res = status(401, ResponseStatus.of(id, r.path(), ViidStatus.INVALID_OPERATION, o.reason()));
                yield o.challenge() == null ? res.header("X-Refused", "1") : res.header("WWW-Authenticate", o.challenge());
            }
        };
    }

    /**
     * The DeviceID of a Register, Keepalive or UnRegister body: {"RegisterObject":{"DeviceID":…}}, or
     * {"DeviceID":…} without the wrapper as fliad-viid's cascade client sends it.
     */
    private static String deviceOf(JsonNode root, String wrapper, String fallback) {
        JsonNode o = ViidJson.field(root, wrapper);
        String id = ViidJson.text(o != null ? o : root, "DeviceID");
        if (id == null) id = fallback;
        if (id == null || !id.matches("[0-9A-Za-z_-]{1,64}")) throw ViidException.badContent(wrapper + ".DeviceID must be 1-64 letters or digits, was '" + ViidJson.clip(id) + "'");
        return id;
    }

    private ViidResponse time() {
        ObjectNode root = ViidJson.mapper().createObjectNode();
        ObjectNode t = root.putObject("SystemTimeObject");
        t.put("VIIDServerID", p.serverId());
        t.put("TimeMode", "1");
        t.put("LocalTime", GaTime.format(System.currentTimeMillis(), p.zone()));
        t.put("TimeZone", p.zone().getId());
        return ViidResponse.json(200, root);
    }

    private ViidResponse picture(String key, String sig) throws IOException {
        try {
            ObjectKeys.requireValid(key);
        } catch (IllegalArgumentException e) {
            throw new ViidException(404, ViidStatus.INVALID_OPERATION, "no such picture");
        }
        if (!p.links().verify(key, sig)) throw new ViidException(403, ViidStatus.INVALID_OPERATION, "the picture link's signature is wrong");
        try {
            byte[] b = p.pictures().get(key);
            if (b == null) throw new FileNotFoundException(key);
            return ViidResponse.bytes("image/jpeg", b);
        } catch (FileNotFoundException e) {
            throw new ViidException(404, ViidStatus.INVALID_OPERATION, "the picture is no longer kept");
        }
    }

    private ViidResponse directory(DirectoryIntake.Shape shape) throws IOException {
        DeviceDirectory.Kind kind = DeviceDirectory.Kind.valueOf(shape.name());
        ObjectNode root = ViidJson.mapper().createObjectNode();
        ArrayNode a = root.putObject(shape.list()).putArray(shape.object());
        for (DeviceDirectory.Device d : p.directory().all(kind)) {
            ObjectNode n;
            try {
                n = d.body() == null ? ViidJson.mapper().createObjectNode() : (ObjectNode) ViidJson.mapper().readTree(d.body());
            } catch (IOException | ClassCastException e) {
                n = ViidJson.mapper().createObjectNode();
            }
            if (kind == DeviceDirectory.Kind.APE) n.put("ApeID", d.id());
            if (kind == DeviceDirectory.Kind.TOLLGATE) n.put("TollgateID", d.id());
            if (d.name() != null) n.put("Name", d.name());
            a.add(n);
        }
        return ViidResponse.json(200, root);
    }

    private ViidResponse subscriptionsOf(String sender) {
        ObjectNode root = ViidJson.mapper().createObjectNode();
        ArrayNode a = root.putObject("SubscribeListObject").putArray("SubscribeObject");
        for (Subscriptions.View v : p.subscriptions().views()) {
            if (!v.subscriber().equals(sender)) continue;
            a.addObject().put("SubscribeID", v.id()).put("SubscribeDetail", String.join(",", v.details())).put("ReceiveAddr", v.receiveAddr())
                    .put("SubscribeStatus", 0);
        }
        return ViidResponse.json(200, root);
    }

    private ViidResponse dispositionsOf(String sender) throws IOException {
        ObjectNode root = ViidJson.mapper().createObjectNode();
        ArrayNode a = root.putObject("DispositionListObject").putArray("DispositionObject");
        for (String id : p.dispositions().ids(sender)) a.addObject().put("DispositionID", id).put("DispositionStatus", 1);
        return ViidResponse.json(200, root);
    }

    private List<ResponseStatus> dispose(JsonNode root, String sender, String url) {
        List<ResponseStatus> out = new ArrayList<>();
        for (JsonNode n : ViidJson.objects(root, "DispositionListObject", "DispositionObject")) {
            String id = n.isObject() ? ViidJson.text(n, "DispositionID") : null;
            try {
                Disposition d = Disposition.read(n, sender, p.zone(), p.fetcher(), p.maxPictureBytes());
                if (d.cancel()) {
                    out.addAll(cancelDispositions(List.of(d.id()), sender, url));
                    continue;
                }
                p.dispositions().dispose(d);
                log.info("GA/T 1400 disposition {} by {}: {}", d.id(), sender, d.plate() != null ? "plate " + d.plate() : "category " + d.category());
                out.add(ResponseStatus.ok(id, url));
            } catch (ObjectError e) {
                out.add(ResponseStatus.of(id, url, e.status(), e.getMessage()));
            } catch (IllegalArgumentException e) {
                out.add(ResponseStatus.of(id, url, ViidStatus.INVALID_JSON_CONTENT, e.getMessage()));
            } catch (IOException e) {
                out.add(ResponseStatus.of(id, url, ViidStatus.DEVICE_ERROR, "not stored: " + e.getMessage()));
            }
        }
        if (out.isEmpty()) out.add(ResponseStatus.of("", url, ViidStatus.INVALID_JSON_CONTENT, "no DispositionObject in the body"));
        return out;
    }

    private List<ResponseStatus> cancelDispositions(List<String> ids, String sender, String url) {
        List<ResponseStatus> out = new ArrayList<>();
        for (String id : ids) {
            try {
                out.add(p.dispositions().cancel(id, sender) ? ResponseStatus.ok(id, url)
                        : ResponseStatus.of(id, url, ViidStatus.INVALID_OPERATION, "no disposition " + id + " of " + sender));
            } catch (IOException e) {
                out.add(ResponseStatus.of(id, url, ViidStatus.DEVICE_ERROR, "not cancelled: " + e.getMessage()));
            }
        }
        return out;
    }

    /** Objects of notifications from a platform this one subscribed to: taken in like pushes, each notification answered with the first failure of its objects. */
    private List<ResponseStatus> receiveNotifications(JsonNode root, String sender, String url) {
        List<ResponseStatus> out = new ArrayList<>();
        for (JsonNode n : ViidJson.objects(root, "SubscribeNotificationListObject", "SubscribeNotificationObject")) {
            String id = n.isObject() ? ViidJson.text(n, "NotificationID") : null;
            if (!n.isObject()) {
                out.add(ResponseStatus.of(id, url, ViidStatus.INVALID_JSON_CONTENT, "SubscribeNotificationObject is not an object"));
                continue;
            }
            List<ResponseStatus> inner = new ArrayList<>();
            int objects = 0;
            for (ObjectKind kind : ObjectKind.values()) {
                JsonNode member = ViidJson.field(n, kind.notificationList(), kind.notificationList().replace("Object", "0bject"));
                if (member == null) continue;
                List<JsonNode> list = ViidJson.objects(member, kind.listName(), kind.objectName()); // {"XObject":[…]} or nested in {"XListObject":…}
                objects += list.size();
                inner.addAll(p.intake().take(kind, list, sender, url));
            }
            JsonNode devices = ViidJson.field(n, "DeviceList");
            if (devices != null) inner.addAll(p.directoryIntake().take(DirectoryIntake.Shape.APE, devices, sender, url));
            JsonNode tollgates = ViidJson.field(n, "TollgateObjectList");
            if (tollgates != null) inner.addAll(p.directoryIntake().take(DirectoryIntake.Shape.TOLLGATE, tollgates, sender, url));
            ResponseStatus failed = inner.stream().filter(s -> !s.isOk()).findFirst().orElse(null);
            notificationsReceived.increment();
            String subscribeId = ViidJson.text(n, "SubscribeID");
            try {
                p.store().notice(new ViidStore.Notice("subscribe", id == null ? "" : id, subscribeId, sender, System.currentTimeMillis(), objects,
                        summary(n)));
            } catch (IOException e) {
                log.warn("GA/T 1400 notification {} from {} not logged: {}", id, sender, e.getMessage());
            }
            out.add(failed == null ? ResponseStatus.ok(id, url) : ResponseStatus.of(id, url, failed.status(), failed.id() + ": " + failed.statusString()));
        }
        if (out.isEmpty()) out.add(ResponseStatus.of("", url, ViidStatus.INVALID_JSON_CONTENT, "no SubscribeNotificationObject in the body"));
        return out;
    }

    /** Hits of a disposition made on a lower platform: the object taken in as a provisional record, the notification kept for the API. */
    private List<ResponseStatus> receiveDispositionNotifications(JsonNode root, String sender, String url) {
        List<ResponseStatus> out = new ArrayList<>();
        for (JsonNode n : ViidJson.objects(root, "DispositionNotificationListObject", "DispositionNotificationObject")) {
            String id = n.isObject() ? ViidJson.text(n, "NotificationID") : null;
            if (id == null || !id.matches("[0-9A-Za-z_-]{1,80}")) {
                out.add(ResponseStatus.of(id, url, ViidStatus.INVALID_JSON_CONTENT, "NotificationID is missing or not an id"));
                continue;
            }
            List<ResponseStatus> inner = new ArrayList<>();
            int objects = 0;
            for (ObjectKind kind : ObjectKind.values()) {
                JsonNode o = ViidJson.field(n, kind.objectName());
                if (o == null) continue;
                objects++;
                inner.addAll(p.intake().take(kind, List.of(o), sender, url, true)); // sent when the hit was raised: the final copy may follow
            }
            try {
                p.store().notice(new ViidStore.Notice("disposition", id, ViidJson.text(n, "DispositionID"), sender, System.currentTimeMillis(), objects, summary(n)));
            } catch (IOException e) {
                out.add(ResponseStatus.of(id, url, ViidStatus.DEVICE_ERROR, "not stored: " + e.getMessage()));
                continue;
            }
            notificationsReceived.increment();
            ResponseStatus failed = inner.stream().filter(s -> !s.isOk()).findFirst().orElse(null);
            out.add(failed == null ? ResponseStatus.ok(id, url) : ResponseStatus.of(id, url, failed.status(), failed.statusString()));
        }
        if (out.isEmpty()) out.add(ResponseStatus.of("", url, ViidStatus.INVALID_JSON_CONTENT, "no DispositionNotificationObject in the body"));
        return out;
    }

    /** A notification without its picture bytes (kept in the database: what came, not the pictures again). */
    private static String summary(JsonNode n) {
        JsonNode copy = n.deepCopy();
        strip(copy, 0);
        String s = copy.toString();
        return s.length() > 65_536 ? s.substring(0, 65_536) : s;
    }

    private static void strip(JsonNode n, int depth) {
        if (depth > 16) return;
        if (n instanceof ObjectNode o) {
            o.remove("Data");
            o.remove("FeatureData");
            o.forEach(c -> strip(c, depth + 1));
        } else if (n instanceof ArrayNode a) {
            a.forEach(c -> strip(c, depth + 1));
        }
    }

    /** IDList=a,b (the standard's DELETE form). */
    private static List<String> idList(ViidRequest r) {
        String v = r.param("IDList");
        if (v == null) v = r.param("IdList");
        if (v == null || v.isBlank()) throw ViidException.badContent("IDList is missing: DELETE …?IDList=id1,id2");
        List<String> ids = new ArrayList<>();
        for (String id : v.split(",")) if (!id.isBlank()) ids.add(id.trim());
        if (ids.size() > 1000) throw ViidException.badContent("at most 1000 ids in IDList");
        return ids;
    }

    /** A PUT to …/{id}: the body's object gets the id of the path when it names none. */
    private static JsonNode withId(JsonNode root, String list, String object, String idField, String id) {
        List<JsonNode> objects = ViidJson.objects(root, list, object);
        if (objects.isEmpty() && root.isObject()) objects = List.of(root);
        ArrayNode a = ViidJson.mapper().createArrayNode();
        for (JsonNode o : objects) {
            if (o instanceof ObjectNode on && ViidJson.text(on, idField) == null) on.put(idField, id);
            a.add(o);
        }
        ObjectNode out = ViidJson.mapper().createObjectNode();
        out.putObject(list).set(object, a);
        return out;
    }

    private ViidResponse statuses(List<ResponseStatus> statuses) {
        return ViidResponse.json(200, ResponseStatus.list(statuses, p.zone()));
    }

    private ViidResponse status(int http, ResponseStatus s) {
        return ViidResponse.json(http, s.single(p.zone()));
    }

    private ViidResponse notAllowed(ViidRequest r) {
        throw new ViidException(405, ViidStatus.INVALID_OPERATION, r.method() + " is not allowed on " + r.path());
    }
}
