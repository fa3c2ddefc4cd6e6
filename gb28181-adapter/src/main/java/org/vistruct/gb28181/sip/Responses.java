package org.vistruct.gb28181.sip;

import java.util.concurrent.ThreadLocalRandom;

/** Responses to a request: the headers RFC 3261 says to copy, a To tag, and a status line. */
public final class Responses {
    private Responses() {}

    public static SipMessage to(SipMessage req, int status, String reason) {
        SipMessage r = SipMessage.response(status, reason);
        for (String via : req.all("Via")) r.add("Via", via);
        r.add("From", req.header("From"));
        String to = req.header("To");
        if (status > 100 && SipParams.param(to, "tag") == null) to = to + ";tag=" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        r.add("To", to);
        r.add("Call-ID", req.callId());
        r.add("CSeq", req.header("CSeq"));
        r.add("User-Agent", "vistruct");
        return r;
    }
}
