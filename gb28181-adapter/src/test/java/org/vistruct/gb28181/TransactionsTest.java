package org.vistruct.gb28181;

import static org.junit.jupiter.api.Assertions.*;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vistruct.gb28181.sip.Responses;
import org.vistruct.gb28181.sip.SipCodec;
import org.vistruct.gb28181.sip.SipMessage;
import org.vistruct.gb28181.sip.Transactions;
import org.vistruct.gb28181.transport.SipPeer;

class TransactionsTest {
    private static SipMessage keepalive(int cseq, String branch) throws Exception {
        byte[] b = ("MESSAGE sip:p@d SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5;branch=" + branch + "\r\nFrom: <sip:a@d>;tag=1\r\nTo: <sip:p@d>\r\n"
                + "Call-ID: c1\r\nCSeq: " + cseq + " MESSAGE\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        return SipCodec.parse(b, 0, b.length);
    }

    @Test
    void aRetransmissionGetsTheSameAnswerButANewRequestWithAReusedBranchDoesNot() throws Exception {
        NioEventLoopGroup loop = new NioEventLoopGroup(1);
        try {
            Transactions tx = new Transactions(loop);
            EmbeddedChannel ch = new EmbeddedChannel();
            SipPeer peer = new SipPeer(ch, new InetSocketAddress("127.0.0.1", 5), "UDP");
            SipMessage first = keepalive(3, "z9hG4bK-1-1-4");
            assertFalse(tx.answerRetransmission(first, peer));
            tx.respond(first, Responses.to(first, 200, "OK"), peer);
            assertTrue(tx.answerRetransmission(keepalive(3, "z9hG4bK-1-1-4"), peer), "the same request again: answered from the cache");
            assertFalse(tx.answerRetransmission(keepalive(4, "z9hG4bK-1-1-4"), peer), "a new CSeq with the same branch is a new request");
            ((DatagramPacket) ch.readOutbound()).release();
            ((DatagramPacket) ch.readOutbound()).release();
        } finally {
            loop.shutdownGracefully();
        }
    }
}
