package org.vistruct.gb28181.device;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gathers the pages of catalog answers by (device, SN) until SumNum distinct channels arrived:
 * duplicates and out-of-order pages are fine, SumNum 0 completes at once, and a catalog that stays
 * short is taken as it is when it goes stale.
 */
final class CatalogCollector {
    private record Key(String deviceId, String sn) {}

    private static final class Pages {
        final long started = System.currentTimeMillis();
        int sumNum = -1;
        final Map<String, Channel> channels = new LinkedHashMap<>();
    }

    private final Map<Key, Pages> open = new ConcurrentHashMap<>();

    /** Adds one page; returns the whole catalog when complete, else null. */
    List<Channel> add(String deviceId, String sn, int sumNum, List<Channel> page) {
        Key k = new Key(deviceId, sn);
        Pages p = open.computeIfAbsent(k, x -> new Pages());
        synchronized (p) {
            if (sumNum >= 0) p.sumNum = sumNum;
            for (Channel c : page) p.channels.put(c.id(), c);
            if (p.sumNum >= 0 && p.channels.size() >= p.sumNum) {
                open.remove(k);
                return new ArrayList<>(p.channels.values());
            }
            return null;
        }
    }

    /** Catalogs that stopped arriving before they were complete: taken as they are. */
    Map<String, List<Channel>> expire(long olderThanMs) {
        Map<String, List<Channel>> out = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        open.entrySet().removeIf(e -> {
            if (now - e.getValue().started < olderThanMs) return false;
            synchronized (e.getValue()) {
                out.put(e.getKey().deviceId(), new ArrayList<>(e.getValue().channels.values()));
            }
            return true;
        });
        return out;
    }
}
