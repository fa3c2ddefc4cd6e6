package org.vistruct.gb28181.transport;

import org.vistruct.gb28181.sip.SipMessage;

/** A parsed message and the peer it came from. */
public record SipInbound(SipMessage message, SipPeer peer) {}
