package io.tunstack.app;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.verdict.Verdict;

/**
 * Sees every packet a worker reads and writes, and the stack's verdict on each packet read: the hook behind
 * {@code --trace}, {@code --explain} and {@code --pcap}. A worker without observers holds {@code null} and pays one
 * null check per packet.
 *
 * <p>Ownership: every buffer is borrowed for the duration of the call; an observer copies what it needs and never
 * moves the buffer's indices. Calls come from the worker thread that read the packet, in this order for one packet:
 * {@link #received}, then zero or more {@link #transmitted} (what the stack sent while handling it), then at most one
 * {@link #profileEffect} (a host profile applied), then exactly one {@link #verdict}. A {@link #transmitted} outside
 * that sequence is a packet the stack sent on its own, from its timers: an answer a host profile delayed, or an ICMP
 * Time Exceeded when a reassembly timed out.
 */
public interface PacketObserver {

    /** A packet read from the device, before the stack sees (and maybe rewrites) it. */
    void received(ByteBuf packet);

    /** A packet about to be written to the device. */
    void transmitted(ByteBuf packet);

    /**
     * What a host profile did to the packet last passed to {@link #received}, for people: {@code profile slow (delay
     * 50ms): held 50.0 ms}. Only when a profile applied; an observer that does not show it ignores it.
     */
    default void profileEffect(String effect) {
    }

    /** What the stack did with the packet last passed to {@link #received}, as it returned it. */
    void verdict(Verdict verdict);
}
