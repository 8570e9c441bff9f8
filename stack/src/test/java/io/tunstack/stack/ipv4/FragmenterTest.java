package io.tunstack.stack.ipv4;

import static io.tunstack.stack.ipv4.ReassemblerTestPackets.bytes;
import static io.tunstack.stack.ipv4.ReassemblerTestPackets.data;
import static io.tunstack.stack.ipv4.ReassemblerTestPackets.datagram;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.fragment.FragmentDescriptor;
import io.tunstack.stack.fragment.Reassembler;
import io.tunstack.stack.fragment.ReassemblerLimits;
import io.tunstack.stack.fragment.ReassemblerOutcome;
import io.tunstack.stack.fragment.ReassemblerTestAllocator;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.wire.Ipv4Packet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakDetection.class)
class FragmenterTest {

    /** What the datagrams handed to the fragmenter are, for its counters. */
    private static final Answer REPLY = Answer.ICMPV4_ECHO_REPLY;

    private final ReassemblerTestAllocator allocator = new ReassemblerTestAllocator();
    private final StackCounters counters = new StackCounters();
    private final List<ByteBuf> owned = new ArrayList<>();
    /** Copies of what the fragmenter transmitted (it lends its scratch buffer, so the bytes are copied at once). */
    private final List<byte[]> sent = new ArrayList<>();
    private final Transmitter recorder = packet -> {
        assertEquals(1, packet.refCnt(), "a live, borrowed buffer");
        sent.add(bytes(packet));
    };

    @AfterEach
    void releaseEverything() {
        for (ByteBuf buffer : owned) {
            buffer.release();
            assertEquals(0, buffer.refCnt());
        }
        allocator.assertAllReleased();
    }

    private ByteBuf own(byte[] bytes) {
        ByteBuf buffer = Unpooled.wrappedBuffer(bytes);
        owned.add(buffer);
        return buffer;
    }

    private Reassembler newReassembler() {
        return new Reassembler(new Ipv4FragmentFamily(), ReassemblerLimits.linuxIpv4(), allocator, counters::countHeldDiscarded);
    }

    private ReassemblerOutcome offer(Reassembler reassembler, ByteBuf fragment) {
        return reassembler.offer(fragment, Ipv4FragmentFamily.describe(Ipv4Packet.newUnchecked(fragment),
                new FragmentDescriptor()), 0);
    }

    /**
     * Reassembles the captured fragments (checked by Ipv4FragmentFamilyTest) into the datagram the kernel fragmented.
     */
    private byte[] capturedDatagram(List<String> fragments) {
        try (Reassembler reassembler = newReassembler()) {
            ReassemblerOutcome outcome = null;
            for (String hex : fragments) {
                outcome = offer(reassembler, own(ReassemblerTestVectors.bytes(hex)));
            }
            ByteBuf datagram = outcome.datagram();
            byte[] bytes = bytes(datagram);
            datagram.release();
            return bytes;
        }
    }

    @Test
    void sendsADatagramThatFitsTheMtuAsItIs() {
        ByteBuf datagram = own(datagram(1, data(1480, 1)));
        List<ByteBuf> transmitted = new ArrayList<>();
        try (Fragmenter fragmenter = new Fragmenter(allocator, 1500, counters)) {
            assertNull(fragmenter.send(datagram, REPLY, transmitted::add));
        }
        assertEquals(List.of(datagram), transmitted);
        assertSame(datagram, transmitted.get(0), "the same buffer, not a copy");
        assertEquals(1, counters.transmitted());
        assertEquals(1, counters.sent(REPLY), "counted as what it is");
        assertEquals(0, counters.fragmentsSent());
        assertEquals(0, allocator.allocations(), "nothing allocated for a datagram that fits");
    }

    @Test
    void fragmentsTheCapturedRequestExactlyAsTheKernelDid() {
        assertFragmentsLikeTheKernel(ReassemblerTestVectors.requestFragments());
    }

    @Test
    void fragmentsTheCapturedReplyExactlyAsTheKernelDid() {
        assertFragmentsLikeTheKernel(ReassemblerTestVectors.replyFragments());
    }

    private void assertFragmentsLikeTheKernel(List<String> kernelFragments) {
        byte[] datagram = capturedDatagram(kernelFragments);
        try (Fragmenter fragmenter = new Fragmenter(allocator, 1500, counters)) {
            assertNull(fragmenter.send(own(datagram), REPLY, recorder));
        }
        assertEquals(kernelFragments.size(), sent.size());
        for (int i = 0; i < sent.size(); i++) {
            assertArrayEquals(ReassemblerTestVectors.bytes(kernelFragments.get(i)), sent.get(i), "fragment " + i);
        }
        assertEquals(3, counters.transmitted());
        assertEquals(3, counters.fragmentsSent());
        assertEquals(0, counters.sent(REPLY), "a fragmented answer is counted as its fragments");
    }

    @Test
    void fragmentsAPingS65507ReplyAndItReassembles() {
        // The largest datagram: 20-byte header, 8-byte ICMP header, 65507 bytes of data = 65535.
        byte[] datagram = datagram(0x1234, data(65515, 3));
        try (Fragmenter fragmenter = new Fragmenter(allocator, 1500, counters)) {
            assertNull(fragmenter.send(own(datagram), REPLY, recorder));
        }
        // 65515 data bytes in fragments of 1480 (the most a 1500 MTU leaves after 20 bytes, a multiple of 8).
        assertEquals(45, sent.size());
        assertWellFormedFragments(sent, 1500, 0x1234, 65515);
        assertEquals(45, counters.transmitted());
        assertEquals(45, counters.fragmentsSent());

        List<byte[]> shuffled = new ArrayList<>(sent);
        Collections.shuffle(shuffled, new Random(65507));
        assertArrayEquals(datagram, reassemble(shuffled));
    }

    /** Checks what RFC 791 asks of every fragment, and that together they carry exactly {@code dataLength} bytes. */
    static void assertWellFormedFragments(List<byte[]> fragments, int mtu, int identification, int dataLength) {
        int expectedOffset = 0;
        for (int i = 0; i < fragments.size(); i++) {
            ByteBuf buffer = Unpooled.wrappedBuffer(fragments.get(i));
            try {
                Ipv4Packet ip = Ipv4Packet.newUnchecked(buffer);
                boolean last = i == fragments.size() - 1;
                String name = "fragment " + i;
                assertNull(ip.checkLength(), name);
                assertTrue(buffer.readableBytes() <= mtu, name + " fits the MTU");
                assertEquals(buffer.readableBytes(), ip.totalLength(), name);
                assertTrue(ip.verifyHeaderChecksum(), name + " header checksum");
                assertEquals(identification, ip.identification(), name + " keeps the identification");
                assertEquals(!last, ip.moreFragments(), name + " MF on all but the last");
                assertFalse(ip.dontFragment(), name);
                assertEquals(expectedOffset, ip.fragmentOffsetBytes(), name + " offset");
                if (!last) {
                    assertEquals(0, ip.payloadLength() % 8, name + " carries a multiple of 8 bytes");
                    assertTrue(ip.payloadLength() > mtu - ip.headerLength() - 8, name + " is as large as it can be");
                }
                expectedOffset += ip.payloadLength();
            } finally {
                buffer.release();
            }
        }
        assertEquals(dataLength, expectedOffset);
    }

    /** Reassembles fragments given as bytes, in the given order; returns the datagram's bytes. */
    private byte[] reassemble(List<byte[]> fragments) {
        try (Reassembler reassembler = newReassembler()) {
            ReassemblerOutcome outcome = null;
            for (byte[] fragment : fragments) {
                assertTrue(outcome == null || outcome.isHeld(), "completed before the last fragment");
                outcome = offer(reassembler, own(fragment));
            }
            assertTrue(outcome.isCompleted(), outcome::toString);
            ByteBuf datagram = outcome.datagram();
            byte[] bytes = bytes(datagram);
            datagram.release();
            return bytes;
        }
    }

    @Test
    void copiesOnlyTheOptionsWhoseCopiedFlagIsSet() {
        byte[] options = {
            // No Operation (type 1): copied flag clear.
            1,
            // Loose Source and Record Route (type 131 = copied 1, class 0, number 3), length 7, pointer 4, one address.
            (byte) 0x83, 7, 4, 10, 0, 0, 1,
            // Record Route (type 7 = copied 0), length 7, pointer 4, one empty slot.
            7, 7, 4, 0, 0, 0, 0,
            // End of Option List.
            0};
        byte[] datagram = datagram(77, options, data(1000, 77));
        try (Fragmenter fragmenter = new Fragmenter(allocator, 576, counters)) {
            assertNull(fragmenter.send(own(datagram), REPLY, recorder));
        }

        // The first fragment carries the whole original header (36 bytes): (576 - 36) & ~7 = 536 data bytes.
        byte[] first = sent.get(0);
        assertEquals(36 + 536, first.length);
        for (int i = Ipv4Packet.MIN_HEADER_LENGTH; i < 36; i++) {
            assertEquals(datagram[i], first[i], "first fragment option byte " + i);
        }
        // The others carry LSRR only, padded with End of Option List to 28 bytes: IHL 7, (576 - 28) & ~7 = 544 bytes.
        byte[] second = sent.get(1);
        assertEquals(0x47, second[0], "version 4, IHL 7");
        byte[] expectedOptions = {(byte) 0x83, 7, 4, 10, 0, 0, 1, 0};
        for (int i = 0; i < expectedOptions.length; i++) {
            assertEquals(expectedOptions[i], second[Ipv4Packet.MIN_HEADER_LENGTH + i], "later option byte " + i);
        }
        assertEquals(28 + 464, second.length, "the rest: 1000 - 536 = 464 bytes");
        assertEquals(2, sent.size());
        assertWellFormedFragments(sent, 576, 77, 1000);
        assertArrayEquals(datagram, reassemble(sent), "reassembly takes the first fragment's header");
    }

    @Test
    void stopsCopyingOptionsAtAMalformedOne() {
        byte[] options = {
            // Loose Source and Record Route (copied), length 7, pointer 4, one address.
            (byte) 0x83, 7, 4, 10, 0, 0, 1,
            // Router Alert (type 148 = copied 1, class 0, number 20) with length 1: malformed, the walk stops here.
            (byte) 0x94, 1,
            // A well-formed Router Alert after it (copied, length 4, value 0): not reached, so not copied.
            (byte) 0x94, 4, 0, 0,
            // End of Option List, and padding.
            0, 0, 0};
        byte[] datagram = datagram(78, options, data(1000, 78));
        try (Fragmenter fragmenter = new Fragmenter(allocator, 576, counters)) {
            assertNull(fragmenter.send(own(datagram), REPLY, recorder));
        }

        // First fragment: the whole 36-byte header, (576 - 36) & ~7 = 536 data bytes. The other: LSRR only, 28 bytes.
        assertEquals(2, sent.size());
        assertEquals(36 + 536, sent.get(0).length);
        byte[] second = sent.get(1);
        assertEquals(0x47, second[0], "version 4, IHL 7");
        byte[] expectedOptions = {(byte) 0x83, 7, 4, 10, 0, 0, 1, 0};
        for (int i = 0; i < expectedOptions.length; i++) {
            assertEquals(expectedOptions[i], second[Ipv4Packet.MIN_HEADER_LENGTH + i], "later option byte " + i);
        }
        assertEquals(28 + 464, second.length, "the rest: 1000 - 536 = 464 bytes");
    }

    @Test
    void refusesToFragmentADatagramWithDontFragment() {
        byte[] datagram = datagram(5, data(2000, 5));
        ByteBuf buffer = own(datagram);
        Ipv4Packet ip = Ipv4Packet.newUnchecked(buffer);
        ip.setDontFragment(true);
        ip.fillHeaderChecksum();
        try (Fragmenter fragmenter = new Fragmenter(allocator, 1500, counters)) {
            assertSame(DropReason.FRAGMENTATION_FORBIDDEN, fragmenter.send(buffer, REPLY, recorder));
        }
        assertTrue(sent.isEmpty());
        assertEquals(0, counters.transmitted());
        assertEquals(0, counters.droppedTotal(), "the returned reason is the caller's to count");
    }

    @Test
    void fragmentsAtTheSmallestMtuWithTheLargestHeader() {
        // RFC 791: 68 = a 60-byte header and 8 bytes of data. Options: 40 bytes of No Operation (not copied).
        byte[] options = new byte[40];
        Arrays.fill(options, (byte) 1);
        byte[] datagram = datagram(6, options, data(100, 6));
        try (Fragmenter fragmenter = new Fragmenter(allocator, StackConfig.MIN_MTU, counters)) {
            assertNull(fragmenter.send(own(datagram), REPLY, recorder));
        }
        assertEquals(68, sent.get(0).length, "60-byte header, 8 data bytes");
        assertEquals(20 + 48, sent.get(1).length, "20-byte header, 48 data bytes");
        assertWellFormedFragments(sent, 68, 6, 100);
        assertArrayEquals(datagram, reassemble(sent));
    }

    @Test
    void keepsTheOffsetAndMoreFragmentsOfADatagramThatIsItselfAFragment() {
        // A fragment (data at offset 800, MF set) fragmented again, as a router would: its pieces keep their place.
        byte[] original = datagram(8, data(3000, 8));
        ByteBuf piece = ReassemblerTestPackets.fragment(original, 800, 2400, true);
        owned.add(piece);
        try (Fragmenter fragmenter = new Fragmenter(allocator, 1000, counters)) {
            assertNull(fragmenter.send(piece, REPLY, recorder));
        }
        assertEquals(2, sent.size());
        ByteBuf last = Unpooled.wrappedBuffer(sent.get(1));
        Ipv4Packet ip = Ipv4Packet.newUnchecked(last);
        assertEquals(800 + 976, ip.fragmentOffsetBytes());
        assertTrue(ip.moreFragments(), "MF stays set on the last piece of a fragment that was not the last");
        last.release();
    }

    @Test
    void allocatesOneScratchBufferForEverythingAndReleasesItOnClose() {
        Fragmenter fragmenter = new Fragmenter(allocator, 1500, counters);
        for (int i = 0; i < 20; i++) {
            assertNull(fragmenter.send(own(datagram(i, data(10_000 + i * 100, i))), REPLY, recorder));
        }
        assertEquals(1, allocator.allocations(), "steady state allocates nothing");
        assertEquals(1, allocator.live());
        fragmenter.close();
        allocator.assertAllReleased();
        assertThrows(IllegalStateException.class, () -> fragmenter.send(own(datagram(0, data(8, 0))), REPLY, recorder));
    }

    @Test
    void rejectsAnMtuOutsideWhatIpv4Allows() {
        assertThrows(IllegalArgumentException.class, () -> new Fragmenter(allocator, 67, counters));
        assertThrows(IllegalArgumentException.class, () -> new Fragmenter(allocator, 65536, counters));
    }
}
