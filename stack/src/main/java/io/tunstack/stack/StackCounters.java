package io.tunstack.stack;

import io.tunstack.stack.verdict.DropReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What one {@link NetworkStack} has seen and done. Single writer (the stack's worker thread); any thread may read.
 * Counting never allocates.
 *
 * <p>All counters live in one {@code long[]}, written and read with {@link VarHandle#setOpaque}/{@link
 * VarHandle#getOpaque}: the single writer needs no atomic read-modify-write, and a reader on another thread sees each
 * counter's latest value without tearing, though not a consistent snapshot across counters.
 */
public final class StackCounters {

    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);

    private static final int RECEIVED = 0;
    private static final int TRANSMITTED = 1;
    private static final int ICMP_RATE_LIMITED = 2;
    private static final int ICMP_SENT = 3;
    private static final int ICMP_TYPES = 256;
    private static final int DROPS = ICMP_SENT + ICMP_TYPES;
    private static final DropReason[] REASONS = DropReason.values();

    private final long[] counts = new long[DROPS + REASONS.length];

    private void increment(int index) {
        COUNTS.setOpaque(counts, index, (long) COUNTS.getOpaque(counts, index) + 1);
    }

    private long read(int index) {
        return (long) COUNTS.getOpaque(counts, index);
    }

    /** Counts one packet handed to {@link NetworkStack#receive}. */
    public void countReceived() {
        increment(RECEIVED);
    }

    /** Counts one packet handed to the transmitter. */
    public void countTransmitted() {
        increment(TRANSMITTED);
    }

    /** Counts one ICMP message sent, by its type (0 echo reply, 3 destination unreachable, 12 parameter problem...). */
    public void countIcmpSent(int type) {
        increment(ICMP_SENT + (type & 0xFF));
    }

    /** Counts one ICMP error that the error rate limit kept from being sent (the packet's drop is counted apart). */
    public void countIcmpRateLimited() {
        increment(ICMP_RATE_LIMITED);
    }

    /** Counts one dropped packet. */
    public void countDrop(DropReason reason) {
        increment(DROPS + reason.ordinal());
    }

    /** Packets handed to the stack. */
    public long received() {
        return read(RECEIVED);
    }

    /** Packets the stack handed to its transmitter. */
    public long transmitted() {
        return read(TRANSMITTED);
    }

    /** ICMP errors not sent because of the error rate limit. */
    public long icmpRateLimited() {
        return read(ICMP_RATE_LIMITED);
    }

    /** ICMP messages sent of the given type. */
    public long icmpSent(int type) {
        return read(ICMP_SENT + (type & 0xFF));
    }

    /** Packets dropped for {@code reason}. */
    public long dropped(DropReason reason) {
        return read(DROPS + reason.ordinal());
    }

    /** Packets dropped for any reason. */
    public long droppedTotal() {
        long total = 0;
        for (int i = DROPS; i < counts.length; i++) {
            total += read(i);
        }
        return total;
    }

    /** Adds every counter of {@code other} into this one (to total the per-queue counters); reads other. */
    public void addFrom(StackCounters other) {
        for (int i = 0; i < counts.length; i++) {
            COUNTS.setOpaque(counts, i, read(i) + other.read(i));
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("StackCounters[received ").append(received())
                .append(", transmitted ").append(transmitted());
        for (DropReason reason : REASONS) {
            long count = dropped(reason);
            if (count != 0) {
                text.append(", ").append(reason.label()).append(' ').append(count);
            }
        }
        return text.append(']').toString();
    }
}
