package io.tunstack.it.hostile;

import java.nio.ByteBuffer;

/**
 * Crafts one IPv4 datagram, byte by byte. Every field starts correct; setting a field to a wrong value breaks that
 * field only, because the header checksum is computed last over whatever the fields are (unless it is set too).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * |         Identification        |Flags|      Fragment Offset    |
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * |                       Source Address                          |
 * |                    Destination Address                        |
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class Ipv4Builder {

    static final int MINIMUM_HEADER_LENGTH = 20;
    static final int TOTAL_LENGTH = 2;
    static final int FLAGS_AND_FRAGMENT_OFFSET = 6;
    static final int HEADER_CHECKSUM = 10;
    static final int PROTOCOL_ICMP = 1;
    /** The More Fragments flag, in the 16-bit flags-and-offset word. */
    static final int MORE_FRAGMENTS = 0x2000;

    private int version = 4;
    private Integer ihl;
    private final int typeOfService = 0;
    private Integer totalLength;
    private int identification = 0x950D;
    /** The Don't Fragment flag, in the 16-bit flags-and-offset word. */
    static final int DONT_FRAGMENT = 0x4000;

    /** No flags, offset 0: a whole datagram ({@link #fragment} makes fragments). */
    private int flagsAndFragmentOffset = 0;
    private final int timeToLive = 64;
    private int protocol = PROTOCOL_ICMP;
    private Integer headerChecksum;
    private int source = Ipv4Addresses.KERNEL;
    private int destination = Ipv4Addresses.RESPONDER;
    private byte[] options = new byte[0];
    private byte[] payload = new byte[0];

    /** An echo request from the kernel's address to the responder, as ping sends it. */
    static Ipv4Builder echoRequest(int identifier, int sequence) {
        return new Ipv4Builder().payload(IcmpBuilder.echoRequest(identifier, sequence).build());
    }

    Ipv4Builder version(int value) {
        this.version = value;
        return this;
    }

    /** The header length in 32-bit words; by default 5 plus the options' words. */
    Ipv4Builder ihl(int words) {
        this.ihl = words;
        return this;
    }

    /** The total length field; by default the header and payload lengths. */
    Ipv4Builder totalLength(int value) {
        this.totalLength = value;
        return this;
    }

    Ipv4Builder identification(int value) {
        this.identification = value;
        return this;
    }

    /** A fixed header checksum instead of the computed one. */
    Ipv4Builder headerChecksum(int value) {
        this.headerChecksum = value;
        return this;
    }

    /** The upper-layer protocol; ICMP by default. */
    Ipv4Builder protocol(int value) {
        this.protocol = value;
        return this;
    }

    /** Sets Don't Fragment, as a TCP sender with path MTU discovery does. */
    Ipv4Builder dontFragment() {
        this.flagsAndFragmentOffset |= DONT_FRAGMENT;
        return this;
    }

    Ipv4Builder source(int address) {
        this.source = address;
        return this;
    }

    Ipv4Builder destination(int address) {
        this.destination = address;
        return this;
    }

    /** Option bytes, padded here to a multiple of 4 with End of Option List (0). */
    Ipv4Builder options(byte... bytes) {
        this.options = java.util.Arrays.copyOf(bytes, (bytes.length + 3) / 4 * 4);
        return this;
    }

    Ipv4Builder payload(byte[] bytes) {
        this.payload = bytes.clone();
        return this;
    }

    byte[] build() {
        int headerLength = MINIMUM_HEADER_LENGTH + options.length;
        int ihlWords = ihl != null ? ihl : headerLength / 4;
        ByteBuffer out = ByteBuffer.allocate(headerLength + payload.length);
        out.put((byte) (version << 4 | (ihlWords & 0x0F)));
        out.put((byte) typeOfService);
        out.putShort((short) (totalLength != null ? totalLength : headerLength + payload.length));
        out.putShort((short) identification);
        out.putShort((short) flagsAndFragmentOffset);
        out.put((byte) timeToLive);
        out.put((byte) protocol);
        out.putShort((short) 0);
        out.putInt(source);
        out.putInt(destination);
        out.put(options);
        out.put(payload);
        byte[] bytes = out.array();
        int checksum = headerChecksum != null ? headerChecksum : InternetChecksum.of(bytes, 0, headerLength);
        bytes[HEADER_CHECKSUM] = (byte) (checksum >>> 8);
        bytes[HEADER_CHECKSUM + 1] = (byte) checksum;
        return bytes;
    }

    /**
     * One fragment of a datagram that has a 20-byte header: its header with the fragment's offset, More Fragments
     * flag, length and a correct checksum, and {@code length} bytes of the datagram's data from {@code dataOffset}
     * (a multiple of 8, RFC 791: "measured in units of 8 octets").
     */
    static byte[] fragment(byte[] datagram, int dataOffset, int length, boolean moreFragments) {
        if (dataOffset % 8 != 0) {
            throw new IllegalArgumentException("fragment offset " + dataOffset + " is not a multiple of 8");
        }
        byte[] fragment = new byte[MINIMUM_HEADER_LENGTH + length];
        System.arraycopy(datagram, 0, fragment, 0, MINIMUM_HEADER_LENGTH);
        System.arraycopy(datagram, MINIMUM_HEADER_LENGTH + dataOffset, fragment, MINIMUM_HEADER_LENGTH, length);
        int word = dataOffset / 8 | (moreFragments ? MORE_FRAGMENTS : 0);
        putShort(fragment, FLAGS_AND_FRAGMENT_OFFSET, word);
        putShort(fragment, TOTAL_LENGTH, fragment.length);
        putShort(fragment, HEADER_CHECKSUM, 0);
        putShort(fragment, HEADER_CHECKSUM, InternetChecksum.of(fragment, 0, MINIMUM_HEADER_LENGTH));
        return fragment;
    }

    private static void putShort(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 8);
        bytes[offset + 1] = (byte) value;
    }
}
