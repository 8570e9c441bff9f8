package io.tunstack.stack.fragment;

/**
 * One fragment, as the network layer read it from its headers: which datagram it belongs to, where its data goes in
 * that datagram, and where its bytes are in the buffer. Mutable and reusable: a layer keeps one and fills it for each
 * fragment, so that describing a fragment allocates nothing. The {@link Reassembler} reads it during {@link
 * Reassembler#offer} and keeps no reference to it.
 *
 * <p>The key (RFC 791: source, destination, identification and protocol; RFC 8200 4.5: source, destination and
 * identification) is held as primitives: addresses as two longs each (IPv4: high 0, low the 32-bit address as an
 * unsigned value), the identification as 32 bits (IPv4's is 16), the protocol 0 for IPv6, which does not key on it.
 */
public final class FragmentDescriptor {

    /** {@link #nextHeaderOffset()} and {@link #nextHeader()} of a family that has no next-header chain (IPv4). */
    public static final int NO_NEXT_HEADER = -1;

    private int family;
    private long sourceHigh;
    private long sourceLow;
    private long destinationHigh;
    private long destinationLow;
    private int identification;
    private int protocol;
    private int offset;
    private int dataLength;
    private boolean moreFragments;
    private int packetIndex;
    private int headersLength;
    private int dataIndex;
    private int ecn;
    private int nextHeaderOffset = NO_NEXT_HEADER;
    private int nextHeader = NO_NEXT_HEADER;

    /**
     * Which datagram the fragment belongs to.
     *
     * @param family the family's {@link FragmentFamily#tag()}
     * @param identification IPv4: the 16-bit Identification; IPv6: the Fragment header's 32-bit Identification
     * @param protocol IPv4: the Protocol field; IPv6: 0
     */
    public FragmentDescriptor key(int family, long sourceHigh, long sourceLow, long destinationHigh,
            long destinationLow, int identification, int protocol) {
        this.family = family;
        this.sourceHigh = sourceHigh;
        this.sourceLow = sourceLow;
        this.destinationHigh = destinationHigh;
        this.destinationLow = destinationLow;
        this.identification = identification;
        this.protocol = protocol;
        return this;
    }

    /**
     * Where the fragment's data goes in its datagram.
     *
     * @param offset the Fragment Offset in bytes (the field times 8)
     * @param dataLength the data bytes the fragment carries, after all its headers
     * @param moreFragments the M (MF) flag
     */
    public FragmentDescriptor placement(int offset, int dataLength, boolean moreFragments) {
        this.offset = offset;
        this.dataLength = dataLength;
        this.moreFragments = moreFragments;
        return this;
    }

    /**
     * Where the fragment's bytes are in the buffer offered with it: the packet from {@code packetIndex} to {@code
     * dataIndex + dataLength}; bytes after that (link padding) are not part of it.
     *
     * @param packetIndex the absolute index of the first byte of the IP header
     * @param headersLength how many bytes from {@code packetIndex} the reassembled datagram keeps when this is the
     *     first fragment. IPv4: the IP header with its options. IPv6: the unfragmentable part, the IPv6 header and the
     *     extension headers before the Fragment header (RFC 8200 4.5 "Per-Fragment headers")
     * @param dataIndex the absolute index of the first data byte (IPv6: just after the Fragment header)
     */
    public FragmentDescriptor bytes(int packetIndex, int headersLength, int dataIndex) {
        this.packetIndex = packetIndex;
        this.headersLength = headersLength;
        this.dataIndex = dataIndex;
        return this;
    }

    /**
     * The fragment's ECN codepoint (RFC 3168: 0 Not-ECT, 1 ECT(1), 2 ECT(0), 3 CE). IPv4: the low two bits of the
     * former TOS byte; IPv6: the low two bits of the Traffic Class.
     */
    public FragmentDescriptor ecn(int ecn) {
        this.ecn = ecn & 0x3;
        return this;
    }

    /**
     * IPv6 only, from the first fragment (RFC 8200 4.5): the offset from {@code packetIndex} of the Next Header field
     * that names the Fragment header (6, the IPv6 header's own, when no extension header precedes it), and the
     * Fragment header's Next Header value, which the reassembled datagram's field takes. IPv4 passes {@link
     * #NO_NEXT_HEADER} twice.
     */
    public FragmentDescriptor nextHeader(int nextHeaderOffset, int nextHeader) {
        this.nextHeaderOffset = nextHeaderOffset;
        this.nextHeader = nextHeader;
        return this;
    }

    public int family() {
        return family;
    }

    public long sourceHigh() {
        return sourceHigh;
    }

    public long sourceLow() {
        return sourceLow;
    }

    public long destinationHigh() {
        return destinationHigh;
    }

    public long destinationLow() {
        return destinationLow;
    }

    public int identification() {
        return identification;
    }

    public int protocol() {
        return protocol;
    }

    public int offset() {
        return offset;
    }

    public int dataLength() {
        return dataLength;
    }

    /** The offset just after the fragment's data: {@code offset() + dataLength()}. */
    public int end() {
        return offset + dataLength;
    }

    public boolean moreFragments() {
        return moreFragments;
    }

    public int packetIndex() {
        return packetIndex;
    }

    public int headersLength() {
        return headersLength;
    }

    public int dataIndex() {
        return dataIndex;
    }

    /** The bytes held for this fragment: the packet from its first header byte to its last data byte. */
    public int packetLength() {
        return dataIndex - packetIndex + dataLength;
    }

    public int ecn() {
        return ecn;
    }

    public int nextHeaderOffset() {
        return nextHeaderOffset;
    }

    public int nextHeader() {
        return nextHeader;
    }

    /** Whether this fragment belongs to the datagram {@code datagram} reassembles. */
    boolean sameKey(ReassemblerDatagram datagram) {
        return identification == datagram.identification && sourceLow == datagram.sourceLow
                && destinationLow == datagram.destinationLow && sourceHigh == datagram.sourceHigh
                && destinationHigh == datagram.destinationHigh && protocol == datagram.protocol;
    }

    /** A hash of the key, spread over all bits (the table masks the low ones). */
    int keyHash() {
        long h = sourceHigh * 31 + sourceLow;
        h = h * 31 + destinationHigh;
        h = h * 31 + destinationLow;
        h = h * 31 + identification;
        h = h * 31 + protocol;
        h *= 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public String toString() {
        return "fragment[family " + family + ", id " + Integer.toUnsignedString(identification) + ", protocol "
                + protocol + ", data " + offset + ".." + end() + (moreFragments ? ", more" : ", last") + ", ecn " + ecn
                + "]";
    }
}
