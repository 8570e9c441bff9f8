package io.tunstack.stack.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.RecordingTransmitter;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.CapturedFrames;
import io.tunstack.stack.wire.EthernetFrame;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link RawIpLayer}: the TUN link layer is the stack itself, IP in and IP out. */
@ExtendWith(LeakDetection.class)
class RawIpLayerTest {

    @Test
    void anIpPacketIsTheStacksToAnswer() {
        LinkFixture fixture = new LinkFixture(CapturedFrames.ECHO_REPLY_ID);
        RawIpLayer layer = new RawIpLayer(fixture.stack);
        RecordingTransmitter tx = new RecordingTransmitter();
        byte[] request = Arrays.copyOfRange(CapturedFrames.ECHO_REQUEST, EthernetFrame.HEADER_LENGTH,
                CapturedFrames.ECHO_REQUEST.length);
        ByteBuf packet = LinkFixture.frame(request);
        try {
            assertEquals(Verdict.answered(Answer.ICMPV4_ECHO_REPLY), layer.receive(packet, tx));
            assertSame(fixture.stack, layer.stack());
            assertEquals(Long.MAX_VALUE, layer.nextDeadline());
        } finally {
            assertTrue(packet.release());
            layer.close();
        }
        assertArrayEquals(Arrays.copyOfRange(CapturedFrames.ECHO_REPLY, EthernetFrame.HEADER_LENGTH,
                CapturedFrames.ECHO_REPLY.length), tx.single());
        assertEquals(1, fixture.counters.answered(Answer.ICMPV4_ECHO_REPLY));
    }
}
