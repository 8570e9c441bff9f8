package io.tunstack.stack.fragment;

import io.netty.buffer.ByteBuf;

/**
 * Told when a datagram whose first fragment had arrived times out, so that the network layer can send Time Exceeded,
 * code 1 ("fragment reassembly time exceeded") in both families. RFC 1122 3.3.2: "If the reassembly timeout expires,
 * the partially-reassembled datagram MUST be discarded and an ICMP Time Exceeded message sent to the source host (if
 * fragment zero has been received)." RFC 8200 4.5: "If the first fragment (i.e., the one with a Fragment Offset of
 * zero) has been received, an ICMP Time Exceeded -- Fragment Reassembly Time Exceeded message should be sent to the
 * source of that fragment." Linux does so in ip_expire() and ip6frag_expire_frag_queue().
 */
@FunctionalInterface
public interface ReassemblerTimeoutListener {

    /**
     * Called once per timed-out datagram whose fragment at offset 0 had arrived.
     *
     * @param firstFragment that fragment as received, from its first IP header byte (at the reader index) to its last
     *     data byte (IPv6: the Fragment header included); borrowed for the call only (the reassembler releases it
     *     afterwards), its indices must not be changed
     */
    void firstFragmentTimedOut(ByteBuf firstFragment);
}
