package io.tunstack.stack.fragment;

import io.netty.buffer.ByteBuf;

/**
 * What reassembly must know of one IP family: its tag, the largest datagram it can describe, and how the first
 * fragment's headers become the reassembled datagram's. One stateless instance per family; the {@link Reassembler}
 * calls it, the rules stay in the reassembler.
 */
public interface FragmentFamily {

    /** The family's tag, as {@link FragmentDescriptor#family()} gives it: the IP version, 4 or 6. */
    int tag();

    /**
     * The most data bytes (after the headers the datagram keeps) a reassembled datagram may carry, given the length of
     * those headers: the datagram's length field must fit 16 bits. IPv4: Total Length, headers included. IPv6: Payload
     * Length, which counts the extension headers but not the 40-byte fixed header.
     *
     * @param headersLength the first fragment's {@link FragmentDescriptor#headersLength()}, or {@link
     *     #minimumHeadersLength()} while the first fragment has not arrived
     */
    int maxDataLength(int headersLength);

    /** The shortest headers a first fragment can have (IPv4 20, IPv6 40): assumed until the first fragment arrives. */
    int minimumHeadersLength();

    /**
     * Turns the copied headers at the start of {@code datagram} into those of a datagram that was never fragmented.
     * The reassembler has written the first fragment's {@code headersLength} header bytes and then all the data, in
     * order: the datagram's readable bytes are exactly the reassembled datagram.
     *
     * @param nextHeaderOffset the first fragment's {@link FragmentDescriptor#nextHeaderOffset()}
     * @param nextHeader the first fragment's {@link FragmentDescriptor#nextHeader()}
     * @param congestionExperienced whether to mark the datagram CE (RFC 3168 section 5.3); otherwise the ECN field is
     *     left as the first fragment had it
     */
    void rebuildHeaders(ByteBuf datagram, int headersLength, int nextHeaderOffset, int nextHeader,
            boolean congestionExperienced);
}
