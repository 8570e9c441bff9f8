package io.tunstack.stack.link;

import static io.tunstack.stack.wire.CapturedNdpFrames.MAC_A;
import static io.tunstack.stack.wire.CapturedNdpFrames.NA_SOLICITED_FROM_A;
import static io.tunstack.stack.wire.CapturedNdpFrames.NS_RESOLVE_FROM_B;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.RecordingTransmitter;
import io.tunstack.stack.address.MacAddress;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackEvent;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.CapturedFrames;
import io.tunstack.stack.wire.CapturedNdpFrames;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Neighbor discovery through the whole Ethernet layer: a captured solicitation answered with Linux's advertisement and
 * counted once, and an IPv6 answer whose neighbour was forgotten resolved with the solicitation Linux sends and the
 * advertisement Linux answers it with ({@link io.tunstack.stack.wire.CapturedNdpFrames}, whose namespace B had
 * fd00:172:21:22::26 with the MAC tunstack derives for it).
 */
@ExtendWith(LeakDetection.class)
class EthernetLayerNdpTest {

    private final RecordingTransmitter tx = new RecordingTransmitter();
    private LinkFixture fixture = new LinkFixture(0);

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aSolicitationIsAnsweredWithLinuxsAdvertisementAndCountedOnce() {
        assertEquals(Verdict.answered(Answer.NEIGHBOR_ADVERTISEMENT), receive(CapturedFrames.NEIGHBOR_SOLICITATION));
        assertArrayEquals(CapturedFrames.NEIGHBOR_ADVERTISEMENT, tx.single());
        assertEquals(1, fixture.counters.received());
        assertEquals(1, fixture.counters.answered(Answer.NEIGHBOR_ADVERTISEMENT));
        assertEquals(0x5e2b_8015_346fL, fixture.layer().neighbours().lookupIpv6(CapturedNdpFrames.PREFIX, 0x23),
                "the solicitor is learned from its source link-layer option");
    }

    @Test
    void aForgottenIpv6NeighbourIsResolvedAsLinuxResolvesIt() {
        fixture.close();
        fixture = new LinkFixture(0, "fd00:172:21:22::26 delay 61s");
        EthernetLayer layer = fixture.layer();
        assertEquals(Verdict.answered(Answer.ICMPV6_ECHO_REPLY), receive(CapturedFrames.IPV6_ECHO_REQUEST));
        fixture.clock.advance(Duration.ofSeconds(61));
        layer.poll(fixture.clock.getAsLong(), tx);
        assertEquals(1, layer.awaitingResolution(), "the neighbour was forgotten at 60 s");
        assertArrayEquals(NS_RESOLVE_FROM_B, tx.single(), "the host solicits as B did");

        assertEquals(Verdict.dropped(DropReason.NDP_ADVERTISEMENT_CONSUMED), receive(NA_SOLICITED_FROM_A));
        assertEquals(0, layer.awaitingResolution());
        assertEquals(1, fixture.counters.events(StackEvent.NEIGHBOUR_RESOLVED));
        assertEquals(2, tx.packets().size());
        byte[] expected = CapturedFrames.IPV6_ECHO_REPLY.clone();
        // The reply goes to the MAC the advertisement gave; tunstack sends flow label 0 (RFC 6437, "not labelled").
        MacAddress.writeBits(Unpooled.wrappedBuffer(expected), 0, MAC_A);
        expected[15] = 0;
        expected[16] = 0;
        expected[17] = 0;
        assertArrayEquals(expected, tx.packets().get(1), "the queued answer, with the resolved MAC");
    }

    private Verdict receive(byte[] bytes) {
        ByteBuf frame = LinkFixture.frame(bytes);
        try {
            return fixture.layer().receive(frame, tx);
        } finally {
            assertTrue(frame.release());
        }
    }
}
