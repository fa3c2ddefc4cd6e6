package org.vistruct.retention;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.vistruct.index.RecordStore;

/**
 * What retention will expire and when, per group of the policy: due at the next run, due within
 * 7 and 30 days, and when the oldest record there expires. `vistruct retention` prints it.
 */
public final class RetentionPlan {
    private static final long DAY_MS = 86_400_000L;

    /** One group's outlook. Held records are counted in the due figures and kept by the run. */
    public record Line(String key, int ruleNo, List<String> devices, List<String> exceptDevices, int days, long dueNow, long dueIn7Days, long dueIn30Days,
                       Long oldestExpiresAt) {}

    private RetentionPlan() {}

    public static List<Line> of(RetentionPolicy policy, RecordStore index, long now) throws IOException {
        List<Line> out = new ArrayList<>();
        for (RetentionPolicy.Group g : policy.groups()) {
            long due = index.count(g.scan(now));
            long in7 = index.count(g.scanBefore(now - g.daysMs() + 7 * DAY_MS)) - due;
            long in30 = index.count(g.scanBefore(now - g.daysMs() + 30 * DAY_MS)) - due;
            Long oldest = index.oldest(g.scanBefore(Long.MAX_VALUE));
            out.add(new Line(g.key(), g.ruleNo(), g.devices(), g.exceptDevices(), g.days(), due, in7, in30, oldest == null ? null : oldest + g.daysMs()));
        }
        return out;
    }
}
