package org.vistruct.gb28181.device;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RecordInfo answers gathered by SN until SumNum recordings arrived (SumNum 0 answers at once;
 * duplicates and any page order are fine). A query nobody completes is failed by the caller's timeout.
 */
final class RecordInfoQueries {
    private static final class Pending {
        final CompletableFuture<List<RecordFile>> result = new CompletableFuture<>();
        final Map<String, RecordFile> files = new LinkedHashMap<>();
        int sumNum = -1;
    }

    private final Map<String, Pending> open = new ConcurrentHashMap<>();

    CompletableFuture<List<RecordFile>> expect(String sn) {
        return open.computeIfAbsent(sn, k -> new Pending()).result;
    }

    void page(String sn, int sumNum, List<RecordFile> files) {
        Pending p = open.get(sn);
        if (p == null) return;
        synchronized (p) {
            if (sumNum >= 0) p.sumNum = sumNum;
            for (RecordFile f : files) p.files.put(f.filePath() + "|" + f.startTime() + "|" + f.endTime(), f);
            if (p.sumNum >= 0 && p.files.size() >= p.sumNum) {
                open.remove(sn);
                p.result.complete(new ArrayList<>(p.files.values()));
            }
        }
    }

    /** What arrived so far for a query that will not complete. */
    List<RecordFile> abandon(String sn) {
        Pending p = open.remove(sn);
        if (p == null) return List.of();
        synchronized (p) {
            return new ArrayList<>(p.files.values());
        }
    }
}
