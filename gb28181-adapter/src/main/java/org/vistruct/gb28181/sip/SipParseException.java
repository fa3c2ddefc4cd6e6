package org.vistruct.gb28181.sip;

/** A message that is not SIP, or not well enough formed to answer. */
public class SipParseException extends Exception {
    public SipParseException(String message) { super(message); }
}
