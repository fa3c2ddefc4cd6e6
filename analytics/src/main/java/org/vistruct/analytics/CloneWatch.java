package org.vistruct.analytics;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.vistruct.core.MotorVehicle;
import org.vistruct.index.PassAttributes;
import org.vistruct.index.PassView;

/**
 * The real-time 套牌 check: each vehicle pass as it is written, against the last pass of its
 * plate, by the same {@link CloneRules} as the scan. Holds one small entry per plate seen within
 * the horizon (the gaps the rules can still judge), filled from the index at start; a breach
 * whose pair was dismissed stays quiet.
 */
public final class CloneWatch {
    /** A plate's last pass as remembered. */
    public record LastPass(String deviceId, long time, long attributes) {}

    /** A breach found as a pass was written, with the pass before it. */
    public record Alarm(String plate, CloneRules.Breach breach, LastPass previous, MotorVehicle current) {}

    private final CloneRules rules;
    private final AnalyticsSettings settings;
    private final Predicate<String> dismissed;
    private final ConcurrentHashMap<String, LastPass> last = new ConcurrentHashMap<>();
    private final LongAdder checks = new LongAdder();
    public final LongAdder alarms = new LongAdder(), quieted = new LongAdder();
    private volatile long newest;

    /** @param dismissed whether a breach's pair key was dismissed by an investigator */
    public CloneWatch(CloneRules rules, AnalyticsSettings settings, Predicate<String> dismissed) {
        this.rules = rules;
        this.settings = settings;
        this.dismissed = dismissed;
    }

    /** Checks a pass just made durable, then remembers it; the alarm when it breaks a rule with the plate's last pass, else null. */
    public Alarm check(MotorVehicle v) {
        String plate = v.plateNo();
        if (!Readability.readable(plate) || v.plateReliability() < settings.minPlateReliability()) return null;
        long attrs = PassAttributes.of(v), t = v.passTime();
        LastPass mine = new LastPass(v.deviceId(), t, attrs);
        LastPass[] before = new LastPass[1];
        last.compute(plate, (k, old) -> {
            before[0] = old;
            return old == null || old.time() <= t ? mine : old;
        });
        checks.increment();
        if (t > newest) newest = t;
        if ((checks.sum() & 0xFFFF) == 0 && last.size() > 100_000) forgetOlderThan(newest - settings.cloneHorizonMs());
        LastPass p = before[0];
        if (p == null || Math.abs(t - p.time()) > settings.cloneHorizonMs()) return null;
        CloneRules.Breach b = p.time() <= t
                ? rules.judge(plate, p.deviceId(), p.time(), p.attributes(), v.deviceId(), t, attrs, true)
                : rules.judge(plate, v.deviceId(), t, attrs, p.deviceId(), p.time(), p.attributes(), true);
        if (b == null) return null;
        if (dismissed.test(b.pairKey())) {
            quieted.increment();
            return null;
        }
        alarms.increment();
        return new Alarm(plate, b, p, v);
    }

    /** Fills the memory with the last pass of each plate seen in [from, to) (at start: the horizon before now). Returns the plates remembered. */
    public int warm(PassView view, long from, long to) throws IOException {
        Budget unbounded = Budget.unbounded();
        Readability readable = new Readability(view, settings.minPlateReliability());
        view.scan(Scope.of(from, to).query(), (p, d, t, a, r) -> {
            unbounded.pass();
            if (!readable.accept(p, a)) return;
            LastPass mine = new LastPass(view.device(d), t, a);
            last.merge(view.plate(p), mine, (old, x) -> old.time() >= x.time() ? old : x);
            if (t > newest) newest = t;
        });
        return last.size();
    }

    private synchronized void forgetOlderThan(long t) {
        last.values().removeIf(p -> p.time() < t);
    }

    public int remembered() { return last.size(); }

    public long checks() { return checks.sum(); }
}
