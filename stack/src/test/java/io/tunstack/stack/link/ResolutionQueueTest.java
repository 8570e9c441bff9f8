package io.tunstack.stack.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.RecordingTransmitter;
import io.tunstack.stack.TestEnvironment.ManualNanoClock;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.StackEvent;
import io.tunstack.stack.wire.CapturedFrames;
import io.tunstack.stack.wire.EthernetFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ResolutionQueue} with a manual clock and a solicitor that records: IPv6 destinations, order, ownership. */
@ExtendWith(LeakDetection.class)
class ResolutionQueueTest {

    private static final long PREFIX = 0xfd00_0172_0021_0022L;

    private final ManualNanoClock clock = new ManualNanoClock();
    private final StackCounters counters = new StackCounters();
    private final List<String> solicitations = new ArrayList<>();
    private final ResolutionQueue queue = new ResolutionQueue(PooledByteBufAllocator.DEFAULT, counters, clock,
            (ipv6, targetHigh, targetLow, sourceHigh, sourceLow, sourceMac, tx) -> solicitations.add(
                    (ipv6 ? "ns " : "arp ") + Long.toHexString(targetLow) + " from " + Long.toHexString(sourceLow)
                    + " " + Long.toHexString(sourceMac)));
    private final RecordingTransmitter tx = new RecordingTransmitter();
    private final NeighbourCache cache = new NeighbourCache(clock);

    /** The captured IPv6 reply frame with its destination address zeroed, numbered in its last byte. */
    private void enqueue(long targetLow, int number) {
        ByteBuf frame = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(CapturedFrames.IPV6_ECHO_REPLY);
        try {
            EthernetFrame.newUnchecked(frame).setDestination(0);
            frame.setByte(frame.writerIndex() - 1, number);
            queue.enqueue(frame, true, PREFIX, targetLow, PREFIX, 0x26, CapturedFrames.HOST_MAC_IPV6, tx);
        } finally {
            assertTrue(frame.release(), "the queue keeps a copy, never the caller's buffer");
        }
    }

    @Test
    void framesForOneDestinationWaitForOneSolicitationAndLeaveInOrder() {
        enqueue(0x23, 1);
        enqueue(0x23, 2);
        enqueue(0x24, 3);
        assertEquals(List.of("ns 23 from 26 25600000026", "ns 24 from 26 25600000026"), solicitations);
        assertEquals(3, queue.frames());
        assertEquals(2, queue.destinations());
        cache.learnIpv6(PREFIX, 0x23, CapturedFrames.CLIENT_MAC);
        queue.resolve(cache, tx);
        assertEquals(2, tx.packets().size());
        assertEquals(1, tx.packets().get(0)[CapturedFrames.IPV6_ECHO_REPLY.length - 1]);
        assertEquals(2, tx.packets().get(1)[CapturedFrames.IPV6_ECHO_REPLY.length - 1]);
        assertEquals(CapturedFrames.CLIENT_MAC, EthernetFrame.newUnchecked(
                io.netty.buffer.Unpooled.wrappedBuffer(tx.packets().get(0))).destination());
        assertEquals(1, queue.frames(), "the other destination still waits");
        assertEquals(1, counters.events(StackEvent.NEIGHBOUR_RESOLVED));
        queue.close();
        assertEquals(1, counters.events(StackEvent.NEIGHBOUR_QUEUE_DISCARDED));
    }

    @Test
    void theDeadlineIsTheEarliestDue() {
        assertEquals(Long.MAX_VALUE, queue.nextDeadline());
        enqueue(0x23, 1);
        clock.advance(Duration.ofMillis(300));
        enqueue(0x24, 2);
        assertEquals(Duration.ofSeconds(1).toNanos(), queue.nextDeadline());
        clock.advance(Duration.ofMillis(700));
        queue.poll(clock.getAsLong(), tx);
        assertEquals(3, solicitations.size());
        assertEquals(Duration.ofMillis(1300).toNanos(), queue.nextDeadline());
        queue.close();
        assertEquals(Long.MAX_VALUE, queue.nextDeadline());
    }
}
