package org.vistruct.gb28181.device;

import java.util.HashSet;
import java.util.Set;

/**
 * GB/T 28181 SSRCs (the SDP y= line): 0 for live or 1 for history, 5 digits of the domain, a
 * 4-digit sequence; never one that is still in use.
 */
public final class SsrcAllocator {
    private final String domainPart;
    private final Set<String> inUse = new HashSet<>();
    private int sequence;

    public SsrcAllocator(String domain) { this.domainPart = domain.substring(3, 8); }

    public synchronized String allocate(boolean history) {
        for (int i = 0; i < 10_000; i++) {
            sequence = (sequence % 9999) + 1;
            String ssrc = (history ? "1" : "0") + domainPart + String.format("%04d", sequence);
            if (inUse.add(ssrc)) return ssrc;
        }
        throw new IllegalStateException("all 9,999 SSRCs are in use");
    }

    public synchronized void release(String ssrc) { inUse.remove(ssrc); }
}
