package io.tunstack.stack;

/**
 * What one {@link NetworkStack} has seen and done. Single writer (the stack's worker thread); any thread may read.
 * Counting never allocates.
 */
public final class StackCounters {

    /** Counts one packet handed to {@link NetworkStack#receive}. */
    public void countReceived() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Counts one packet handed to the transmitter. */
    public void countTransmitted() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Counts one ICMP message sent, by its type (0 echo reply, 3 destination unreachable, 12 parameter problem...). */
    public void countIcmpSent(int type) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Counts one dropped packet. */
    public void countDrop(DropReason reason) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Packets handed to the stack. */
    public long received() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Packets the stack handed to its transmitter. */
    public long transmitted() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** ICMP messages sent of the given type. */
    public long icmpSent(int type) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Packets dropped for {@code reason}. */
    public long dropped(DropReason reason) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Packets dropped for any reason. */
    public long droppedTotal() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Adds every counter of {@code other} into this one (to total the per-queue counters); reads other. */
    public void addFrom(StackCounters other) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
