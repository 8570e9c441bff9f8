package io.tunstack.stack.tcp;

import io.tunstack.stack.address.IpFamily;

/**
 * The connections to open ports, in a table of fixed size: entries are allocated once, looked up by their two
 * endpoints in an open-addressing index (linear probing, deletion by backward shift, so no tombstones), and never
 * more than {@code capacity} at a time. A SYN flood fills it and no more; what does not fit is answered without state
 * (see {@link TcpHandler}). Single-threaded; lookups, insertions and removals allocate nothing.
 */
final class TcpConnectionTable {

    private final TcpConnection[] entries;
    /** Index slots: entry number + 1, or 0 when empty. At least twice as many as entries, a power of two. */
    private final int[] slots;
    private final int mask;
    /** Free entry numbers, a stack. */
    private final int[] free;
    private int freeCount;

    TcpConnectionTable(int capacity) {
        entries = new TcpConnection[capacity];
        free = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            entries[i] = new TcpConnection();
            free[i] = capacity - 1 - i;
        }
        freeCount = capacity;
        int slotCount = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
        slots = new int[slotCount];
        mask = slotCount - 1;
    }

    /** The number of connections held. */
    int size() {
        return entries.length - freeCount;
    }

    /** Whether no connection can be added. */
    boolean isFull() {
        return freeCount == 0;
    }

    /** The connection between the endpoints, or {@code null}. */
    TcpConnection find(IpFamily family, long localHigh, long localLow, int localPort, long peerHigh, long peerLow,
            int peerPort) {
        for (int slot = home(localHigh, localLow, localPort, peerHigh, peerLow, peerPort); ; slot = (slot + 1) & mask) {
            int entry = slots[slot];
            if (entry == 0) {
                return null;
            }
            TcpConnection connection = entries[entry - 1];
            if (connection.is(family, localHigh, localLow, localPort, peerHigh, peerLow, peerPort)) {
                return connection;
            }
        }
    }

    /**
     * Adds a connection between the endpoints (the caller has checked it is not there) and returns its entry, with the
     * endpoints set and the rest for the caller to fill; {@code null} when the table is full.
     */
    TcpConnection add(IpFamily family, long localHigh, long localLow, int localPort, long peerHigh, long peerLow,
            int peerPort) {
        if (freeCount == 0) {
            return null;
        }
        int entry = free[--freeCount];
        TcpConnection connection = entries[entry];
        connection.used = true;
        connection.family = family;
        connection.localHigh = localHigh;
        connection.localLow = localLow;
        connection.localPort = localPort;
        connection.peerHigh = peerHigh;
        connection.peerLow = peerLow;
        connection.peerPort = peerPort;
        connection.retransmissions = 0;
        int slot = home(localHigh, localLow, localPort, peerHigh, peerLow, peerPort);
        while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = entry + 1;
        return connection;
    }

    /** Removes {@code connection}, which this table holds. */
    void remove(TcpConnection connection) {
        int slot = home(connection.localHigh, connection.localLow, connection.localPort, connection.peerHigh,
                connection.peerLow, connection.peerPort);
        while (entries[slots[slot] - 1] != connection) {
            slot = (slot + 1) & mask;
        }
        int entry = slots[slot] - 1;
        // Backward-shift deletion: later entries of the probe run move up into the hole when their home slot allows,
        // so that every lookup still finds its entry before an empty slot.
        int hole = slot;
        for (int next = (hole + 1) & mask; slots[next] != 0; next = (next + 1) & mask) {
            TcpConnection moved = entries[slots[next] - 1];
            int home = home(moved.localHigh, moved.localLow, moved.localPort, moved.peerHigh, moved.peerLow,
                    moved.peerPort);
            // The entry at next may fill the hole when its home is not cyclically within (hole, next].
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                slots[hole] = slots[next];
                hole = next;
            }
        }
        slots[hole] = 0;
        connection.used = false;
        free[freeCount++] = entry;
    }

    /** The entry numbered {@code index} (0 to capacity - 1), used or not: for walking every connection's timer. */
    TcpConnection entry(int index) {
        return entries[index];
    }

    /** The number of entries, used or not. */
    int capacity() {
        return entries.length;
    }

    private int home(long localHigh, long localLow, int localPort, long peerHigh, long peerLow, int peerPort) {
        long h = peerLow * 0x9E3779B97F4A7C15L ^ peerHigh;
        h = (h ^ localLow) * 0x9E3779B97F4A7C15L ^ localHigh;
        h = (h ^ ((long) localPort << 16 | peerPort)) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ h >>> 32) & mask;
    }
}
