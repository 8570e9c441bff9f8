package io.tunstack.stack.fragment;

import static io.tunstack.stack.ipv4.ReassemblerTestPackets.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.ipv6.Ipv6FragmentFamily;
import io.tunstack.stack.ipv6.Ipv6FragmentTestPackets;
import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/**
 * Holding a fragment allocates nothing but its copy: the descriptor is reused, the held outcome is a constant, and the
 * datagram's table entry and fragment arrays are recycled. Measured with the JVM's per-thread allocation counter
 * around offers whose copies come from buffers allocated beforehand (unpooled heap buffers, which Netty's leak
 * detector does not wrap, so that its access records do not count).
 */
class ReassemblerAllocationTest {

    private static final int FRAGMENTS = 200;

    /** Hands out buffers made in advance, so that the measured offers allocate no buffer themselves. */
    private static final class PreallocatedAllocator extends AbstractByteBufAllocator {
        private final ArrayDeque<ByteBuf> ready = new ArrayDeque<>();
        private final ArrayList<ByteBuf> handedOut = new ArrayList<>();

        void prepare(int count, int capacity) {
            handedOut.ensureCapacity(handedOut.size() + count);
            for (int i = 0; i < count; i++) {
                ready.add(Unpooled.buffer(capacity));
            }
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf buffer = ready.remove();
            handedOut.add(buffer);
            return buffer;
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return newHeapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        void assertAllReleased() {
            assertTrue(ready.isEmpty());
            for (ByteBuf buffer : handedOut) {
                assertEquals(0, buffer.refCnt());
            }
        }
    }

    @Test
    void holdingAFragmentAllocatesNothingButItsCopy() {
        PreallocatedAllocator allocator = new PreallocatedAllocator();
        Reassembler reassembler = new Reassembler(new Ipv6FragmentFamily(), ReassemblerLimits.linuxIpv6(), allocator,
                reason -> { });
        FragmentDescriptor descriptor = new FragmentDescriptor();
        byte[] datagram = Ipv6FragmentTestPackets.datagram(data(16 * FRAGMENTS, 1));
        // Every other 8-byte block: nothing overlaps, nothing completes.
        ByteBuf[] fragments = new ByteBuf[FRAGMENTS];
        for (int i = 0; i < FRAGMENTS; i++) {
            fragments[i] = Ipv6FragmentTestPackets.fragment(datagram, 7, 16 * i, 16 * i + 8, true);
        }
        int copyLength = fragments[0].readableBytes();
        allocator.prepare(2 * FRAGMENTS, copyLength);
        // Warm up: one datagram grows the fragment arrays, its timeout hands the entry back for reuse.
        offerAll(reassembler, descriptor, fragments, 0);
        reassembler.expire(ReassemblerLimits.linuxIpv6().timeoutNanos(), null);
        assertEquals(0, reassembler.datagramsInFlight());

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        int held = offerAll(reassembler, descriptor, fragments, ReassemblerLimits.linuxIpv6().timeoutNanos());
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertEquals(FRAGMENTS, held);
        assertTrue(allocated < FRAGMENTS, allocated + " bytes allocated for " + FRAGMENTS + " held fragments");
        reassembler.close();
        for (ByteBuf fragment : fragments) {
            fragment.release();
        }
        allocator.assertAllReleased();
    }

    private static int offerAll(Reassembler reassembler, FragmentDescriptor descriptor, ByteBuf[] fragments,
            long nowNanos) {
        int held = 0;
        for (ByteBuf fragment : fragments) {
            if (reassembler.offer(fragment, Ipv6FragmentTestPackets.describe(fragment, descriptor), nowNanos)
                    .isHeld()) {
                held++;
            }
        }
        return held;
    }
}
