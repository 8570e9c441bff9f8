package io.tunstack.stack.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.StackEvent;
import io.tunstack.stack.wire.EthernetFrame;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Frames waiting for their destination's MAC: RFC 1122 2.3.2.2 ("The link layer SHOULD save (rather than discard) at
 * least one (the latest) packet of each set of packets destined to the same unresolved IP address, and transmit the
 * saved packet when the address has been resolved"), with Linux's timing: a solicitation (ARP request or Neighbor
 * Solicitation) at once and then every {@link #RETRANSMIT_NANOS} until {@link #SOLICITATIONS} were sent
 * ({@code mcast_solicit} 3, {@code retrans_time_ms} 1000), and one interval after the last the destination has failed:
 * its frames are dropped and counted ({@link StackEvent#NEIGHBOUR_RESOLUTION_FAILED}), as Linux's
 * {@code neigh_timer_handler} drops a FAILED neighbour's queue.
 *
 * <p>Bounded: at most {@link #MAX_FRAMES} frames and {@link #MAX_DESTINATIONS} destinations. When the frames are full
 * the oldest is dropped for the new one (Linux's {@code __neigh_event_send} drops the head of the queue, so the latest
 * is kept as RFC 1122 asks); when the destinations are full the new frame is. Either is counted as
 * {@link StackEvent#NEIGHBOUR_QUEUE_FULL}.
 *
 * <p>Buffers: {@link #enqueue} copies the frame it is lent into a buffer from the allocator; the queue owns each copy
 * until it is sent (then released), dropped, or discarded by {@link #close()}. The arrays are allocated once.
 * Single-threaded; time comes from the clock given at construction and from {@link #poll}'s argument.
 */
final class ResolutionQueue implements AutoCloseable {

    /** Solicitations per destination: Linux's {@code mcast_solicit}, 3. */
    static final int SOLICITATIONS = 3;
    /** Between solicitations, and after the last: Linux's {@code retrans_time_ms}, 1 s. */
    static final long RETRANSMIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The most frames waiting at once. */
    static final int MAX_FRAMES = 256;
    /** The most destinations being resolved at once. */
    static final int MAX_DESTINATIONS = 64;

    /** Sends one solicitation; the link layer builds it (ARP for IPv4, NDP for IPv6). */
    interface Solicitor {
        /**
         * Asks for the MAC of {@code targetHigh}:{@code targetLow} (IPv4: the address in the low 32 bits of
         * {@code targetLow}) from the host {@code sourceHigh}:{@code sourceLow} whose MAC is {@code sourceMac}.
         */
        void solicit(boolean ipv6, long targetHigh, long targetLow, long sourceHigh, long sourceLow, long sourceMac,
                Transmitter tx);
    }

    private final ByteBufAllocator allocator;
    private final StackCounters counters;
    private final LongSupplier nanoClock;
    private final Solicitor solicitor;
    private final EthernetFrame header = new EthernetFrame();

    // Destinations, by slot; a slot is free when its tries are 0.
    private final boolean[] ipv6 = new boolean[MAX_DESTINATIONS];
    private final long[] targetHighs = new long[MAX_DESTINATIONS];
    private final long[] targetLows = new long[MAX_DESTINATIONS];
    private final long[] sourceHighs = new long[MAX_DESTINATIONS];
    private final long[] sourceLows = new long[MAX_DESTINATIONS];
    private final long[] sourceMacs = new long[MAX_DESTINATIONS];
    /** Solicitations sent so far; 0 for a free slot. */
    private final int[] tries = new int[MAX_DESTINATIONS];
    /** When the next solicitation is due, or the destination fails. */
    private final long[] dueNanos = new long[MAX_DESTINATIONS];
    private int destinations;

    // Frames, oldest first.
    private final ByteBuf[] frames = new ByteBuf[MAX_FRAMES];
    private final int[] frameDestinations = new int[MAX_FRAMES];
    private int frameCount;

    ResolutionQueue(ByteBufAllocator allocator, StackCounters counters, LongSupplier nanoClock, Solicitor solicitor) {
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.solicitor = Objects.requireNonNull(solicitor, "solicitor");
    }

    /** Whether no frame waits. */
    boolean isEmpty() {
        return frameCount == 0;
    }

    /** How many frames wait. */
    int frames() {
        return frameCount;
    }

    /** How many destinations are being resolved. */
    int destinations() {
        return destinations;
    }

    /**
     * Keeps a copy of {@code frame} (its readable bytes: a whole Ethernet frame whose destination address is still to
     * be written) until the MAC of its destination {@code targetHigh}:{@code targetLow} is known, soliciting it now
     * unless a solicitation is already under way. {@code frame} stays the caller's.
     */
    void enqueue(ByteBuf frame, boolean isIpv6, long targetHigh, long targetLow, long sourceHigh, long sourceLow,
            long sourceMac, Transmitter tx) {
        if (frameCount == MAX_FRAMES) {
            dropFrame(0, StackEvent.NEIGHBOUR_QUEUE_FULL);
        }
        int slot = find(isIpv6, targetHigh, targetLow);
        boolean fresh = slot < 0;
        if (fresh) {
            slot = freeSlot();
            if (slot < 0) {
                counters.countEvent(StackEvent.NEIGHBOUR_QUEUE_FULL);
                return;
            }
        }
        ByteBuf copy = allocator.directBuffer(frame.readableBytes());
        copy.writeBytes(frame, frame.readerIndex(), frame.readableBytes());
        frames[frameCount] = copy;
        frameDestinations[frameCount] = slot;
        frameCount++;
        counters.countEvent(StackEvent.NEIGHBOUR_RESOLUTION_QUEUED);
        if (fresh) {
            ipv6[slot] = isIpv6;
            targetHighs[slot] = targetHigh;
            targetLows[slot] = targetLow;
            sourceHighs[slot] = sourceHigh;
            sourceLows[slot] = sourceLow;
            sourceMacs[slot] = sourceMac;
            destinations++;
            solicit(slot, nanoClock.getAsLong(), tx);
        }
    }

    /**
     * Sends the frames of every destination whose MAC {@code cache} knows now, in the order they were queued, each
     * with its destination address written, and forgets those destinations. Cheap when nothing waits.
     */
    void resolve(NeighbourCache cache, Transmitter tx) {
        if (destinations == 0) {
            return;
        }
        for (int slot = 0; slot < MAX_DESTINATIONS; slot++) {
            if (tries[slot] == 0) {
                continue;
            }
            long mac = ipv6[slot] ? cache.lookupIpv6(targetHighs[slot], targetLows[slot])
                    : cache.lookupIpv4((int) targetLows[slot]);
            if (mac == NeighbourCache.UNKNOWN) {
                continue;
            }
            counters.countEvent(StackEvent.NEIGHBOUR_RESOLVED);
            for (int i = 0; i < frameCount; ) {
                if (frameDestinations[i] != slot) {
                    i++;
                    continue;
                }
                ByteBuf frame = frames[i];
                remove(i);
                try {
                    header.wrap(frame).setDestination(mac);
                    tx.transmit(frame);
                } finally {
                    frame.release();
                }
            }
            free(slot);
        }
    }

    /**
     * When {@link #poll} next has work: the earliest solicitation or failure due, or {@link Long#MAX_VALUE} when no
     * destination is being resolved.
     */
    long nextDeadline() {
        long deadline = Long.MAX_VALUE;
        if (destinations == 0) {
            return deadline;
        }
        for (int slot = 0; slot < MAX_DESTINATIONS; slot++) {
            if (tries[slot] != 0 && (deadline == Long.MAX_VALUE || dueNanos[slot] - deadline < 0)) {
                deadline = dueNanos[slot];
            }
        }
        return deadline;
    }

    /** Sends the solicitations due by {@code nowNanos}, and fails the destinations whose last one went unanswered. */
    void poll(long nowNanos, Transmitter tx) {
        if (destinations == 0) {
            return;
        }
        for (int slot = 0; slot < MAX_DESTINATIONS; slot++) {
            if (tries[slot] == 0 || nowNanos - dueNanos[slot] < 0) {
                continue;
            }
            if (tries[slot] < SOLICITATIONS) {
                solicit(slot, nowNanos, tx);
            } else {
                fail(slot);
            }
        }
    }

    private void solicit(int slot, long nowNanos, Transmitter tx) {
        tries[slot]++;
        dueNanos[slot] = nowNanos + RETRANSMIT_NANOS;
        counters.countEvent(StackEvent.NEIGHBOUR_SOLICITATION_SENT);
        solicitor.solicit(ipv6[slot], targetHighs[slot], targetLows[slot], sourceHighs[slot], sourceLows[slot],
                sourceMacs[slot], tx);
    }

    /** Drops every frame of the destination in {@code slot}, counted as failed, and frees the slot. */
    private void fail(int slot) {
        for (int i = 0; i < frameCount; ) {
            if (frameDestinations[i] == slot) {
                dropFrame(i, StackEvent.NEIGHBOUR_RESOLUTION_FAILED);
            } else {
                i++;
            }
        }
        free(slot);
    }

    /** Releases frame {@code i} and counts {@code event}; frees its destination when it was the last frame of it. */
    private void dropFrame(int i, StackEvent event) {
        int slot = frameDestinations[i];
        ByteBuf frame = frames[i];
        remove(i);
        frame.release();
        counters.countEvent(event);
        if (event == StackEvent.NEIGHBOUR_QUEUE_FULL && !hasFrames(slot)) {
            free(slot);
        }
    }

    private boolean hasFrames(int slot) {
        for (int i = 0; i < frameCount; i++) {
            if (frameDestinations[i] == slot) {
                return true;
            }
        }
        return false;
    }

    /** Takes frame {@code i} out of the arrays, keeping the others in order; the caller owns it now. */
    private void remove(int i) {
        System.arraycopy(frames, i + 1, frames, i, frameCount - i - 1);
        System.arraycopy(frameDestinations, i + 1, frameDestinations, i, frameCount - i - 1);
        frameCount--;
        frames[frameCount] = null;
    }

    private int find(boolean isIpv6, long targetHigh, long targetLow) {
        for (int slot = 0; slot < MAX_DESTINATIONS; slot++) {
            if (tries[slot] != 0 && ipv6[slot] == isIpv6 && targetHighs[slot] == targetHigh
                    && targetLows[slot] == targetLow) {
                return slot;
            }
        }
        return -1;
    }

    private int freeSlot() {
        for (int slot = 0; slot < MAX_DESTINATIONS; slot++) {
            if (tries[slot] == 0) {
                return slot;
            }
        }
        return -1;
    }

    private void free(int slot) {
        tries[slot] = 0;
        destinations--;
    }

    /** Releases every frame still waiting, counted as {@link StackEvent#NEIGHBOUR_QUEUE_DISCARDED}. */
    @Override
    public void close() {
        while (frameCount > 0) {
            ByteBuf frame = frames[0];
            remove(0);
            frame.release();
            counters.countEvent(StackEvent.NEIGHBOUR_QUEUE_DISCARDED);
        }
        for (int slot = 0; slot < MAX_DESTINATIONS; slot++) {
            if (tries[slot] != 0) {
                free(slot);
            }
        }
    }
}
