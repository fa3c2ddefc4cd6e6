package org.vistruct.gb28181.device;

import java.util.Map;

/**
 * How the platform presents itself and treats devices.
 *
 * @param serverId           the platform's 20-digit SIP id (type 200)
 * @param domain             the 10-digit SIP domain, also the digest realm
 * @param passwords          per-device passwords; others use the default password
 * @param allowUnknown       whether devices not in {@code passwords} may register
 * @param keepaliveTimeoutMs a device without a keepalive for this long is offline (3 × its interval)
 * @param charsets           per-device MANSCDP charset overrides: auto, gb18030, utf-8
 * @param zone               the platform's local time (the REGISTER answer's Date, which devices set their clocks by)
 */
public record Gb28181Settings(String bind, int port, String serverId, String domain, String defaultPassword, Map<String, String> passwords,
                              boolean allowUnknown, long keepaliveTimeoutMs, int maxExpiresS, Map<String, String> charsets, java.time.ZoneId zone) {
    /** In the JVM's zone (tests, benchmarks). */
    public Gb28181Settings(String bind, int port, String serverId, String domain, String defaultPassword, Map<String, String> passwords,
                           boolean allowUnknown, long keepaliveTimeoutMs, int maxExpiresS, Map<String, String> charsets) {
        this(bind, port, serverId, domain, defaultPassword, passwords, allowUnknown, keepaliveTimeoutMs, maxExpiresS, charsets, java.time.ZoneId.systemDefault());
    }

    public Gb28181Settings {
        if (!serverId.matches("\\d{20}")) throw new IllegalArgumentException("gb28181.server-id must be 20 digits, was '" + serverId + "'");
        if (!domain.matches("\\d{10}")) throw new IllegalArgumentException("gb28181.domain must be 10 digits, was '" + domain + "'");
        passwords = Map.copyOf(passwords);
        charsets = Map.copyOf(charsets);
    }
}
