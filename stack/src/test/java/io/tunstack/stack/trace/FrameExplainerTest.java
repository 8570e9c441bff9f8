package io.tunstack.stack.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.wire.CapturedFrames;
import io.tunstack.stack.wire.EtherType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code --explain} of real frames captured on a veth ({@link CapturedFrames}): the dumps are golden files, checked
 * by hand against RFC 826, RFC 4861 and {@code tcpdump -e -vv -x} of the same bytes; each malformed case breaks one
 * thing.
 */
@ExtendWith(LeakDetection.class)
class FrameExplainerTest {

    /** An unpooled heap copy: explaining only reads, so these need no release. */
    private static ByteBuf heap(byte[] frame) {
        return Unpooled.wrappedBuffer(frame.clone());
    }

    @Test
    void anArpRequestAndWhatItsReplyChanged() {
        String text = FrameExplainer.explain(heap(CapturedFrames.ARP_REQUEST)) + "\n"
                + FrameExplainer.changes(heap(CapturedFrames.ARP_REQUEST), heap(CapturedFrames.ARP_REPLY));
        Golden.assertMatches(getClass(), "arp-request.explain.txt", text);
    }

    @Test
    void aNeighborSolicitationAndItsAdvertisement() {
        String text = FrameExplainer.explain(heap(CapturedFrames.NEIGHBOR_SOLICITATION)) + "\n"
                + FrameExplainer.explain(heap(CapturedFrames.NEIGHBOR_ADVERTISEMENT));
        Golden.assertMatches(getClass(), "neighbor-discovery.explain.txt", text);
    }

    @Test
    void anEchoReplyInAFrameAndWhatItChanged() {
        String text = FrameExplainer.explain(heap(CapturedFrames.ECHO_REPLY)) + "\n"
                + FrameExplainer.changes(heap(CapturedFrames.ECHO_REQUEST), heap(CapturedFrames.ECHO_REPLY));
        Golden.assertMatches(getClass(), "echo-reply-frame.explain.txt", text);
    }

    @Test
    void aPaddedArpReplyNamesItsPadding() {
        String text = FrameExplainer.explain(heap(Arrays.copyOf(CapturedFrames.ARP_REPLY, 60)));

        assertTrue(text.contains("      42  00 00 00 00 ..  padding                  18 bytes, up to the Ethernet minimum of 60"
                + " (RFC 894)\n"), text);
    }

    @Test
    void aVlanTaggedFrameIsShownAsBytes() {
        String text = FrameExplainer.explain(heap(CapturedFrames.tagged(CapturedFrames.ARP_REQUEST, EtherType.VLAN)));

        assertTrue(text.contains("0x8100 (802.1Q)"), text);
        assertTrue(text.contains("Payload: 32 bytes of EtherType 802.1Q, not explained"), text);
    }

    @Test
    void aFrameShorterThanItsHeaderCannotBeRead() {
        String text = FrameExplainer.explain(heap(Arrays.copyOf(CapturedFrames.ARP_REQUEST, 10)));

        assertTrue(text.startsWith("Ethernet header cannot be read field by field: "), text);
        assertTrue(text.contains("(ethernet-truncated, 10 bytes read)"), text);
    }

    @Test
    void aTruncatedArpPacketCannotBeRead() {
        String text = FrameExplainer.explain(heap(Arrays.copyOf(CapturedFrames.ARP_REQUEST, 30)));

        assertTrue(text.contains("ARP packet cannot be read field by field: "), text);
        assertTrue(text.contains("(arp-truncated, 16 bytes read)"), text);
    }

    @Test
    void explainingMovesNoIndex() {
        ByteBuf frame = heap(CapturedFrames.NEIGHBOR_SOLICITATION);
        FrameExplainer.explain(frame);
        FrameExplainer.changes(frame, heap(CapturedFrames.NEIGHBOR_ADVERTISEMENT));
        assertEquals(0, frame.readerIndex());
        assertEquals(CapturedFrames.NEIGHBOR_SOLICITATION.length, frame.writerIndex());
    }
}
