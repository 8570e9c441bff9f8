package io.tunstack.stack.ipv4;

import io.netty.buffer.ByteBuf;

/**
 * Told when a datagram whose first fragment had arrived times out, so that the stack can send ICMP Time Exceeded,
 * code 1 (RFC 792 "fragment reassembly time exceeded"). RFC 1122 3.3.2: "If the reassembly timeout expires, the
 * partially-reassembled datagram MUST be discarded and an ICMP Time Exceeded message sent to the source host (if
 * fragment zero has been received)." Linux does so in ip_expire().
 */
@FunctionalInterface
public interface ReassemblerTimeoutListener {

    /**
     * Called once per timed-out datagram whose fragment at offset 0 had arrived.
     *
     * @param firstFragment that fragment, header and data, as received; borrowed for the call only (the reassembler
     *     releases it afterwards), its indices must not be changed
     */
    void firstFragmentTimedOut(ByteBuf firstFragment);
}
