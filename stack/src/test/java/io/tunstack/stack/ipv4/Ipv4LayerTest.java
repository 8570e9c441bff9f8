package io.tunstack.stack.ipv4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.CapturedPackets;
import io.tunstack.stack.CraftedPackets;
import io.tunstack.stack.DropReason;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.NetworkStack;
import io.tunstack.stack.RecordingTransmitter;
import io.tunstack.stack.StackConfig;
import io.tunstack.stack.StackCounters;
import io.tunstack.stack.TestEnvironment;
import io.tunstack.stack.wire.Icmpv4Packet;
import io.tunstack.stack.wire.Ipv4Address;
import io.tunstack.stack.wire.Icmpv4Type;
import io.tunstack.stack.wire.Ipv4Packet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The IPv4 layer with its collaborators wired in, end to end through {@link NetworkStack}: the real capture of
 * {@code ping -s 4000} answered byte for byte as the kernel answered it, in every fragment order; {@code ping -s 65507};
 * overlaps; and the reassembly timeout and release through {@link NetworkStack#poll} and {@link NetworkStack#close}.
 */
@ExtendWith(LeakDetection.class)
class Ipv4LayerTest {

    private static final int KERNEL = Ipv4Address.parse("172.21.22.23");
    private static final int RESPONDER = Ipv4Address.parse("172.21.22.26");

    private final StackCounters counters = new StackCounters();
    private final RecordingTransmitter tx = new RecordingTransmitter();
    private final TestEnvironment.ManualNanoClock nanos = new TestEnvironment.ManualNanoClock();

    private NetworkStack loopbackStack(int id) {
        return new NetworkStack(CapturedPackets.loopbackConfig(), counters, TestEnvironment.fixed((d, s, p) -> id, nanos));
    }

    private DropReason receive(NetworkStack stack, byte[] bytes) {
        ByteBuf packet = CapturedPackets.copy(bytes);
        try {
            return stack.receive(packet, tx);
        } finally {
            assertTrue(packet.release());
        }
    }

    /** Every order of the three captured fragments of {@code ping -s 4000 127.0.0.1}. */
    static Stream<List<Integer>> fragmentOrders() {
        return Stream.of(List.of(0, 1, 2), List.of(0, 2, 1), List.of(1, 0, 2), List.of(1, 2, 0), List.of(2, 0, 1),
                List.of(2, 1, 0));
    }

    @ParameterizedTest(name = "fragments in order {0}")
    @MethodSource("fragmentOrders")
    void reassemblesPingS4000AndFragmentsTheReplyAsTheKernelDid(List<Integer> order) {
        // RFC 815 / RFC 791: fragments may arrive in any order; the reply (4028 bytes) exceeds the 1500-byte MTU and
        // leaves as 1480 + 1480 + 1048 data bytes, with the kernel's id 0xa8af, as captured.
        NetworkStack stack = loopbackStack(0xa8af);
        try {
            List<String> fragments = ReassemblerTestVectors.requestFragments();
            for (int i = 0; i < order.size(); i++) {
                assertNull(receive(stack, ReassemblerTestVectors.bytes(fragments.get(order.get(i)))));
                assertEquals(i < 2 ? 0 : 3, tx.packets().size(), "nothing leaves before the datagram is complete");
            }
            List<String> expected = ReassemblerTestVectors.replyFragments();
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(ReassemblerTestVectors.bytes(expected.get(i)), tx.packets().get(i), "fragment " + i);
            }
            assertEquals(3, counters.transmitted());
            assertEquals(1, counters.icmpSent(Icmpv4Type.ECHO_REPLY));
            assertEquals(0, counters.droppedTotal());
        } finally {
            stack.close();
        }
    }

    @Test
    void pollExpiresAnIncompleteDatagramAfter30Seconds() {
        NetworkStack stack = loopbackStack(1);
        assertNull(receive(stack, ReassemblerTestVectors.bytes(ReassemblerTestVectors.requestFragments().get(0))));
        stack.poll(nanos.getAsLong() + Duration.ofSeconds(29).toNanos());
        assertEquals(0, counters.dropped(DropReason.REASSEMBLY_TIMEOUT));
        stack.poll(nanos.getAsLong() + Duration.ofSeconds(31).toNanos());
        assertEquals(1, counters.dropped(DropReason.REASSEMBLY_TIMEOUT), "Linux ipfrag_time: 30 s");
        stack.close();
    }

    @Test
    void closeReleasesHeldFragments() {
        // Leak detection (paranoid) fails this test if the held copies are not released.
        NetworkStack stack = loopbackStack(1);
        assertNull(receive(stack, ReassemblerTestVectors.bytes(ReassemblerTestVectors.requestFragments().get(0))));
        assertNull(receive(stack, ReassemblerTestVectors.bytes(ReassemblerTestVectors.requestFragments().get(1))));
        stack.close();
        LeakDetection.assertNoLeaks();
    }

    @Test
    void dropsTheWholeDatagramOnOverlap() {
        // RFC 5722 section 4, which Linux applies to IPv4: "the entire datagram ... MUST be silently discarded."
        byte[] request = CraftedPackets.echoRequest(KERNEL, RESPONDER, 7, 1, new byte[1200]);
        NetworkStack stack = new NetworkStack(defaults().build(), counters, TestEnvironment.fixed((d, s, p) -> 1, nanos));
        assertNull(receive(stack, bytes(ReassemblerTestPackets.fragment(request, 0, 608, true))));
        assertEquals(DropReason.FRAGMENT_OVERLAP,
                receive(stack, bytes(ReassemblerTestPackets.fragment(request, 600, 1208, false))));
        assertNull(receive(stack, bytes(ReassemblerTestPackets.fragment(request, 608, 1208, false))),
                "the completing piece starts a new datagram, held");
        assertEquals(0, tx.packets().size());
        stack.close();
    }

    @Test
    void answersTheLargestPingFragmentedBothWays() {
        // ping -s 65507: a 65535-byte datagram, the largest there is, in 45 fragments at MTU 1500, and back.
        byte[] data = new byte[65507];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        byte[] request = CraftedPackets.echoRequest(KERNEL, RESPONDER, 0x77, 3, data);
        StackConfig config = defaults().build();
        NetworkStack stack = new NetworkStack(config, counters, TestEnvironment.fixed((d, s, p) -> 0x5151, nanos));
        List<byte[]> fragments = new ArrayList<>();
        try (Fragmenter fragmenter = new Fragmenter(io.netty.buffer.PooledByteBufAllocator.DEFAULT, 1500,
                new StackCounters())) {
            ByteBuf whole = CapturedPackets.copy(CraftedPackets.withHeader(request, ip -> ip.setDontFragment(false)));
            try {
                fragmenter.send(whole, packet -> fragments.add(io.netty.buffer.ByteBufUtil.getBytes(packet)));
            } finally {
                whole.release();
            }
        }
        assertEquals(45, fragments.size());
        for (byte[] fragment : fragments) {
            assertNull(receive(stack, fragment));
        }
        assertEquals(45, tx.packets().size(), "the reply leaves in 45 fragments");
        StackCounters scratch = new StackCounters();
        try (Reassembler reassembler = new Reassembler(io.netty.buffer.PooledByteBufAllocator.DEFAULT,
                ReassemblerLimits.linuxDefaults(), scratch)) {
            ReassemblerOutcome outcome = null;
            for (byte[] fragment : tx.packets()) {
                assertTrue(fragment.length <= 1500);
                ByteBuf packet = CapturedPackets.copy(fragment);
                try {
                    outcome = reassembler.offer(packet, 0);
                } finally {
                    packet.release();
                }
            }
            assertTrue(outcome.isCompleted());
            ByteBuf reply = outcome.datagram();
            try {
                Ipv4Packet ip = Ipv4Packet.newUnchecked(reply);
                assertEquals(65535, ip.totalLength());
                assertEquals(RESPONDER, ip.sourceAddress());
                Icmpv4Packet icmp = new Icmpv4Packet().wrap(reply, ip.payloadOffset(), ip.payloadLength());
                assertTrue(icmp.verifyChecksum());
                assertEquals(Icmpv4Type.ECHO_REPLY, icmp.type());
                byte[] replyData = new byte[icmp.dataLength()];
                reply.getBytes(icmp.dataOffset(), replyData);
                assertArrayEquals(data, replyData, "data byte for byte");
            } finally {
                reply.release();
            }
        }
        stack.close();
    }

    private static StackConfig.Builder defaults() {
        return StackConfig.builder().ownAddress(KERNEL).prefixLength(24);
    }

    private static byte[] bytes(ByteBuf buffer) {
        try {
            return ReassemblerTestPackets.bytes(buffer);
        } finally {
            buffer.release();
        }
    }

}
