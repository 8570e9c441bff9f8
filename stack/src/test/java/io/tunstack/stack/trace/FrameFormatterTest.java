package io.tunstack.stack.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.wire.CapturedFrames;
import io.tunstack.stack.wire.EtherType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Trace lines of real frames captured on a veth ({@link CapturedFrames}), as {@code tcpdump -e -nn} prints them, with
 * the payload's protocol word kept; each malformed case breaks one thing.
 */
@ExtendWith(LeakDetection.class)
class FrameFormatterTest {

    /** An unpooled heap copy: formatting only reads, so these need no release. */
    private static ByteBuf heap(byte[] frame) {
        return Unpooled.wrappedBuffer(frame.clone());
    }

    @Test
    void anArpRequestAndItsReply() {
        assertEquals("5e:2b:80:15:34:6f > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: ARP, Request"
                + " who-has 172.21.22.26 tell 172.21.22.23, length 28",
                FrameFormatter.summary(heap(CapturedFrames.ARP_REQUEST)));
        assertEquals("02:54:ac:15:16:1a > 5e:2b:80:15:34:6f, ethertype ARP (0x0806), length 42: ARP, Reply"
                + " 172.21.22.26 is-at 02:54:ac:15:16:1a, length 28",
                FrameFormatter.summary(heap(CapturedFrames.ARP_REPLY)));
    }

    /** tcpdump names the ARP packet's own length, 28, also when the frame pads it to the Ethernet minimum of 60. */
    @Test
    void aPaddedArpReplyIsStill28Bytes() {
        byte[] padded = Arrays.copyOf(CapturedFrames.ARP_REPLY, 60);

        assertEquals("02:54:ac:15:16:1a > 5e:2b:80:15:34:6f, ethertype ARP (0x0806), length 60: ARP, Reply"
                + " 172.21.22.26 is-at 02:54:ac:15:16:1a, length 28", FrameFormatter.summary(heap(padded)));
    }

    @Test
    void aNeighborSolicitationAndAdvertisementWithTheirOptions() {
        assertEquals("5e:2b:80:15:34:6f > 33:33:ff:00:00:26, ethertype IPv6 (0x86dd), length 86: IP6"
                + " fd00:172:21:22::23 > ff02::1:ff00:26: ICMP6, neighbor solicitation, who has fd00:172:21:22::26,"
                + " source link-address 5e:2b:80:15:34:6f, length 32",
                FrameFormatter.summary(heap(CapturedFrames.NEIGHBOR_SOLICITATION)));
        assertEquals("02:56:00:00:00:26 > 5e:2b:80:15:34:6f, ethertype IPv6 (0x86dd), length 86: IP6"
                + " fd00:172:21:22::26 > fd00:172:21:22::23: ICMP6, neighbor advertisement, tgt is fd00:172:21:22::26,"
                + " Flags [solicited, override], target link-address 02:56:00:00:00:26, length 32",
                FrameFormatter.summary(heap(CapturedFrames.NEIGHBOR_ADVERTISEMENT)));
    }

    @Test
    void anEchoRequestInAFrame() {
        assertEquals("5e:2b:80:15:34:6f > 02:54:ac:15:16:1a, ethertype IPv4 (0x0800), length 98: IP 172.21.22.23 >"
                + " 172.21.22.26: ICMP echo request, id 32132, seq 1, length 64",
                FrameFormatter.summary(heap(CapturedFrames.ECHO_REQUEST)));
        assertEquals("02:56:00:00:00:26 > 5e:2b:80:15:34:6f, ethertype IPv6 (0x86dd), length 118: IP6"
                + " fd00:172:21:22::26 > fd00:172:21:22::23: ICMP6, echo reply, id 32762, seq 1, length 64",
                FrameFormatter.summary(heap(CapturedFrames.IPV6_ECHO_REPLY)));
    }

    @Test
    void aVlanTagEndsTheLineAfterTheHeader() {
        assertEquals("5e:2b:80:15:34:6f > ff:ff:ff:ff:ff:ff, ethertype 802.1Q (0x8100), length 46",
                FrameFormatter.summary(heap(CapturedFrames.tagged(CapturedFrames.ARP_REQUEST, EtherType.VLAN))));
    }

    @Test
    void aFrameShorterThanItsHeaderSaysSo() {
        assertEquals("Ethernet malformed (ethernet-truncated), length 13",
                FrameFormatter.summary(heap(Arrays.copyOf(CapturedFrames.ARP_REQUEST, 13))));
    }

    @Test
    void aTruncatedArpPacketSaysSo() {
        assertEquals("5e:2b:80:15:34:6f > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 34: ARP malformed"
                + " (arp-truncated), length 20",
                FrameFormatter.summary(heap(Arrays.copyOf(CapturedFrames.ARP_REQUEST, 34))));
    }

    @Test
    void aNeighborSolicitationWithAZeroLengthOptionSaysSo() {
        byte[] broken = CapturedFrames.NEIGHBOR_SOLICITATION.clone();
        broken[14 + 40 + 24 + 1] = 0; // the source link-layer address option's Length

        assertEquals("5e:2b:80:15:34:6f > 33:33:ff:00:00:26, ethertype IPv6 (0x86dd), length 86: IP6"
                + " fd00:172:21:22::23 > ff02::1:ff00:26: ICMP6, neighbor solicitation, who has fd00:172:21:22::26,"
                + " option malformed (ndp-option-zero-length), length 32", FrameFormatter.summary(heap(broken)));
    }

    @Test
    void formattingMovesNoIndex() {
        ByteBuf frame = heap(CapturedFrames.NEIGHBOR_SOLICITATION);
        FrameFormatter.summary(frame);
        assertEquals(0, frame.readerIndex());
        assertEquals(CapturedFrames.NEIGHBOR_SOLICITATION.length, frame.writerIndex());
    }
}
