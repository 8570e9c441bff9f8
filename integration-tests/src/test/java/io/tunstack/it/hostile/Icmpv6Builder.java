package io.tunstack.it.hostile;

import java.nio.ByteBuffer;

/**
 * Crafts one ICMPv6 message (RFC 4443). Every field starts correct; the checksum, over the IPv6 pseudo-header and
 * the message (RFC 4443 2.3), is computed last by {@link #build(byte[], byte[])} for the addresses the datagram
 * carries, unless it is set.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * |           Identifier          |        Sequence Number        |   (echo; other types: 4 bytes of body)
 * |     Data ...
 * +-+-+-+-+-
 * </pre>
 */
final class Icmpv6Builder {

    static final int HEADER_LENGTH = 8;
    /** RFC 4443 2.1: "Error messages are identified as such by a zero in the high-order bit of their message Type". */
    static final int FIRST_INFORMATIONAL_TYPE = 128;
    static final int TYPE_DESTINATION_UNREACHABLE = 1;
    static final int TYPE_PARAMETER_PROBLEM = 4;
    static final int TYPE_ECHO_REQUEST = 128;
    static final int TYPE_ECHO_REPLY = 129;
    /** RFC 4861 4.1. */
    static final int TYPE_ROUTER_SOLICITATION = 133;
    /** RFC 3810 5.2, Version 2 Multicast Listener Report. */
    static final int TYPE_MLD2_REPORT = 143;
    /** RFC 4443 3.4, Parameter Problem codes. */
    static final int CODE_ERRONEOUS_HEADER_FIELD = 0;
    static final int CODE_UNRECOGNIZED_NEXT_HEADER = 1;
    static final int CODE_UNRECOGNIZED_OPTION = 2;
    /** RFC 7112 section 5: "IPv6 First Fragment has incomplete IPv6 Header Chain". */
    static final int CODE_INCOMPLETE_HEADER_CHAIN = 3;

    private int type = TYPE_ECHO_REQUEST;
    private int code;
    private Integer checksum;
    private int identifier;
    private int sequence;
    private byte[] data = IcmpBuilder.pingData(56);

    private Icmpv6Builder() {
    }

    /** An echo request as iputils ping -6 sends it: 56 bytes of data, a 16-byte timeval then 0x10, 0x11... */
    static Icmpv6Builder echoRequest(int identifier, int sequence) {
        Icmpv6Builder builder = new Icmpv6Builder();
        builder.identifier = identifier;
        builder.sequence = sequence;
        return builder;
    }

    /** A message of {@code type} whose 4 bytes after the checksum are zero, followed by {@code data}. */
    static Icmpv6Builder message(int type, byte[] data) {
        Icmpv6Builder builder = new Icmpv6Builder();
        builder.type = type;
        builder.data = data.clone();
        return builder;
    }

    Icmpv6Builder type(int value) {
        this.type = value;
        return this;
    }

    Icmpv6Builder code(int value) {
        this.code = value;
        return this;
    }

    /** A fixed checksum instead of the computed one (0 included: RFC 4443 has no "no checksum"). */
    Icmpv6Builder checksum(int value) {
        this.checksum = value;
        return this;
    }

    /** The 4 bytes after the checksum as two 16-bit words: identifier and sequence for an echo, other fields else. */
    Icmpv6Builder words(int first, int second) {
        this.identifier = first;
        this.sequence = second;
        return this;
    }

    Icmpv6Builder data(byte[] bytes) {
        this.data = bytes.clone();
        return this;
    }

    /** The message, its checksum computed over the pseudo-header of {@code source} and {@code destination}. */
    byte[] build(byte[] source, byte[] destination) {
        ByteBuffer out = ByteBuffer.allocate(HEADER_LENGTH + data.length);
        out.put((byte) type).put((byte) code).putShort((short) 0);
        out.putShort((short) identifier).putShort((short) sequence).put(data);
        byte[] bytes = out.array();
        int sum = checksum != null ? checksum : checksum(source, destination, bytes, 0, bytes.length);
        bytes[2] = (byte) (sum >>> 8);
        bytes[3] = (byte) sum;
        return bytes;
    }

    /**
     * The ICMPv6 checksum of {@code length} bytes of {@code message} from {@code offset} (checksum field zero), RFC
     * 4443 2.3: over "the entire ICMPv6 message, prepended with an IPv6 "pseudo-header"" (RFC 8200 8.1: source,
     * destination, upper-layer packet length, three zero bytes, next header 58).
     */
    static int checksum(byte[] source, byte[] destination, byte[] message, int offset, int length) {
        return InternetChecksum.of(withPseudoHeader(source, destination, message, offset, length), 0,
            Ipv6Builder.PSEUDO_HEADER_LENGTH + length);
    }

    /** Whether the message's checksum, as it stands, verifies over the pseudo-header. */
    static boolean verifies(byte[] source, byte[] destination, byte[] message, int offset, int length) {
        return InternetChecksum.verifies(withPseudoHeader(source, destination, message, offset, length), 0,
            Ipv6Builder.PSEUDO_HEADER_LENGTH + length);
    }

    private static byte[] withPseudoHeader(byte[] source, byte[] destination, byte[] message, int offset,
        int length) {
        ByteBuffer all = ByteBuffer.allocate(Ipv6Builder.PSEUDO_HEADER_LENGTH + length);
        all.put(source).put(destination).putInt(length).put(new byte[3]).put((byte) Ipv6Builder.NEXT_HEADER_ICMPV6);
        all.put(message, offset, length);
        return all.array();
    }
}
