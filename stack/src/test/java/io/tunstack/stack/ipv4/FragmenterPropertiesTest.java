package io.tunstack.stack.ipv4;

import static io.tunstack.stack.ipv4.ReassemblerTestPackets.bytes;
import static io.tunstack.stack.ipv4.ReassemblerTestPackets.data;
import static io.tunstack.stack.ipv4.ReassemblerTestPackets.datagram;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.fragment.FragmentDescriptor;
import io.tunstack.stack.fragment.Reassembler;
import io.tunstack.stack.fragment.ReassemblerLimits;
import io.tunstack.stack.fragment.ReassemblerOutcome;
import io.tunstack.stack.fragment.ReassemblerTestAllocator;
import io.tunstack.stack.wire.Ipv4Packet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties of fragmentation over random datagrams, options and MTUs, checked by reassembling what was sent. */
class FragmenterPropertiesTest {

    /**
     * What the fragmenter sends at any MTU is well-formed (RFC 791) and reassembles, in any order, to what it was
     * given; a datagram that fits goes out unchanged.
     */
    @Property(tries = 300)
    void fragmenterOutputReassemblesToTheOriginal(
            @ForAll @IntRange(min = StackConfig.MIN_MTU, max = 9000) int mtu,
            @ForAll @IntRange(min = 0, max = 20_000) int dataLength,
            @ForAll @IntRange(min = 0, max = 10) int optionWords,
            @ForAll long seed) {
        Random random = new Random(seed);
        byte[] options = new byte[optionWords * 4];
        // Router Alert (RFC 2113: type 148 = copied, length 4) when there is room, No Operation for the rest.
        Arrays.fill(options, (byte) 1);
        if (options.length >= 4) {
            options[0] = (byte) 148;
            options[1] = 4;
        }
        byte[] datagram = datagram(random.nextInt(0x10000), options, data(dataLength, random.nextInt()));
        ReassemblerTestAllocator allocator = new ReassemblerTestAllocator();
        StackCounters counters = new StackCounters();
        List<byte[]> sent = new ArrayList<>();
        ByteBuf original = Unpooled.wrappedBuffer(datagram);
        try (Fragmenter fragmenter = new Fragmenter(allocator, mtu, counters)) {
            assertNull(fragmenter.send(original, Answer.ICMPV4_ECHO_REPLY, packet -> sent.add(bytes(packet))));
        }
        original.release();
        allocator.assertAllReleased();
        assertEquals(sent.size(), counters.transmitted());
        if (datagram.length <= mtu) {
            assertEquals(1, sent.size());
            assertArrayEquals(datagram, sent.get(0));
            return;
        }
        int identification = (datagram[4] & 0xFF) << 8 | (datagram[5] & 0xFF);
        FragmenterTest.assertWellFormedFragments(sent, mtu, identification, dataLength);

        Collections.shuffle(sent, random);
        FragmentDescriptor descriptor = new FragmentDescriptor();
        try (Reassembler reassembler = new Reassembler(new Ipv4FragmentFamily(), ReassemblerLimits.linuxIpv4(),
                allocator, counters::countHeldDiscarded)) {
            ReassemblerOutcome outcome = null;
            for (byte[] fragment : sent) {
                ByteBuf buffer = Unpooled.wrappedBuffer(fragment);
                outcome = reassembler.offer(buffer,
                        Ipv4FragmentFamily.describe(Ipv4Packet.newUnchecked(buffer), descriptor), 0);
                buffer.release();
            }
            assertTrue(outcome.isCompleted(), outcome::toString);
            ByteBuf reassembled = outcome.datagram();
            assertArrayEquals(datagram, bytes(reassembled));
            reassembled.release();
        }
        allocator.assertAllReleased();
    }
}
