package org.vistruct.server.http;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Set;

/**
 * Who a request comes from, for the audit trail: the socket's peer, unless the peer is one of the
 * configured reverse proxies ({@code http.trusted-proxies}); then the right-most address of
 * {@code X-Forwarded-For} that is not a trusted proxy. A header from anyone else is ignored: a client
 * cannot choose the address its searches are audited under.
 */
public final class ClientAddress {
    private final Set<String> trusted;

    public ClientAddress(Set<String> trustedProxies) { this.trusted = Set.copyOf(trustedProxies); }

    public String of(String peer, HttpHeaders headers) {
        if (!trusted.contains(peer)) return peer;
        List<String> forwarded = headers.getAll("X-Forwarded-For");
        String client = peer;
        for (int h = forwarded.size() - 1; h >= 0; h--) {
            String[] hops = forwarded.get(h).split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].trim();
                if (hop.isEmpty() || !hop.matches("[0-9A-Fa-f:.]{2,45}")) return client; // not an address: stop trusting what follows
                client = hop;
                if (!trusted.contains(hop)) return hop;
            }
        }
        return client;
    }
}
