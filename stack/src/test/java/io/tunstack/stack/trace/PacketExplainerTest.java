package io.tunstack.stack.trace;

import static io.tunstack.stack.trace.TraceVectors.ECHO_REQUEST_HEX;
import static io.tunstack.stack.trace.TraceVectors.KERNEL_ECHO_REPLY_HEX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PacketExplainerTest {

    @Test
    void capturedRequestMatchesGoldenDump() {
        Golden.assertMatches(getClass(), "echo-request.explain.txt",
                PacketExplainer.explain(TraceVectors.buffer(ECHO_REQUEST_HEX)));
    }

    @Test
    void capturedReplyAndItsChangesMatchGoldenDump() {
        ByteBuf request = TraceVectors.buffer(ECHO_REQUEST_HEX);
        ByteBuf reply = TraceVectors.buffer(KERNEL_ECHO_REPLY_HEX);
        Golden.assertMatches(getClass(), "echo-reply.explain.txt",
                PacketExplainer.explain(reply) + "\n" + PacketExplainer.changes(request, reply));
    }

    @Test
    void badHeaderChecksumIsWorkedThroughToTheExpectedValue() {
        byte[] packet = TraceVectors.bytes(ECHO_REQUEST_HEX);
        packet[11] = (byte) 0x98; // header checksum 0xa799 -> 0xa798
        String dump = PacketExplainer.explain(Unpooled.wrappedBuffer(packet));
        assertTrue(dump.contains("      10  a7 98           header checksum          0xa798 (INVALID)\n"), dump);
        assertTrue(dump.contains("  sum         0x2fffc\n  fold        0xfffc + 0x2 = 0xfffe\n"
                + "  complement  ~0xfffe = 0x0001: INVALID (stored 0xa798, expected 0xa799)\n"), dump);
    }

    @Test
    void badIcmpChecksumIsWorkedThroughToTheExpectedValue() {
        byte[] packet = TraceVectors.bytes(ECHO_REQUEST_HEX);
        packet[23] = (byte) 0xe1; // ICMP checksum 0x80e0 -> 0x80e1
        String dump = PacketExplainer.explain(Unpooled.wrappedBuffer(packet));
        assertTrue(dump.contains("0x80e1 (INVALID)"), dump);
        assertTrue(dump.contains("INVALID (stored 0x80e1, expected 0x80e0)"), dump);
    }

    @Test
    void truncatedPacketIsShownAsHexWithTheFailedCheck() {
        String dump = PacketExplainer.explain(Unpooled.wrappedBuffer(TraceVectors.bytes(ECHO_REQUEST_HEX), 0, 10));
        assertEquals("IPv4 header cannot be read field by field: IPv4 packet shorter than the 20-byte minimum"
                + " header (ipv4-truncated, 10 bytes read).\n"
                + "  0000  4500 0054 950d 4000 4001\n", dump);
    }

    @Test
    void changesNamesSwappedAddresses() {
        // The captured request re-addressed 172.21.22.23 -> 172.21.22.26, and a reply with the addresses reversed.
        byte[] request = TraceVectors.bytes(ECHO_REQUEST_HEX);
        byte[] reply = TraceVectors.bytes(KERNEL_ECHO_REPLY_HEX);
        byte[] kernel = {(byte) 172, 21, 22, 23};
        byte[] answered = {(byte) 172, 21, 22, 26};
        System.arraycopy(kernel, 0, request, 12, 4);
        System.arraycopy(answered, 0, request, 16, 4);
        System.arraycopy(answered, 0, reply, 12, 4);
        System.arraycopy(kernel, 0, reply, 16, 4);
        String changes = PacketExplainer.changes(Unpooled.wrappedBuffer(request), Unpooled.wrappedBuffer(reply));
        assertTrue(changes.contains("      12  source address           172.21.22.23       172.21.22.26\n"
                + "          swapped (RFC 792: \"the source and destination addresses are simply reversed\")\n"),
                changes);
        assertTrue(changes.contains("      16  destination address      172.21.22.26       172.21.22.23\n"), changes);
    }

    @Test
    void changesSaysWhenTheDataDiffers() {
        byte[] reply = TraceVectors.bytes(KERNEL_ECHO_REPLY_HEX);
        reply[83] ^= 1;
        String changes = PacketExplainer.changes(TraceVectors.buffer(ECHO_REQUEST_HEX), Unpooled.wrappedBuffer(reply));
        assertTrue(changes.contains("data DIFFERS from byte 55"), changes);
    }

    @Test
    void explainDoesNotMoveTheIndices() {
        ByteBuf packet = TraceVectors.buffer(ECHO_REQUEST_HEX);
        PacketExplainer.explain(packet);
        PacketExplainer.changes(packet, packet);
        assertEquals(0, packet.readerIndex());
        assertEquals(84, packet.writerIndex());
    }

    @Property(tries = 3000)
    void explainsACorruptedRequest(@ForAll @IntRange(max = 83) int index, @ForAll byte value,
            @ForAll @IntRange(max = 84) int length) {
        byte[] packet = TraceVectors.bytes(ECHO_REQUEST_HEX);
        packet[index] = value;
        ByteBuf corrupted = Unpooled.wrappedBuffer(packet, 0, length);
        assertFalse(PacketExplainer.explain(corrupted).isBlank());
        assertFalse(PacketExplainer.changes(TraceVectors.buffer(ECHO_REQUEST_HEX), corrupted).isBlank());
    }
}
