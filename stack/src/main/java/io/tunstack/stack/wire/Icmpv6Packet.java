package io.tunstack.stack.wire;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.verdict.DropReason;
import java.util.List;

/**
 * A view over an ICMPv6 message (RFC 4443) in a {@link ByteBuf}: the common header, and the second word as the echo
 * messages (Identifier, Sequence Number), Packet Too Big (MTU) and Parameter Problem (Pointer) define it.
 *
 * <p>The checksum covers an IPv6 pseudo-header (RFC 4443 2.3), so verifying and filling it take the pseudo-header's
 * partial sum ({@link Ipv6Packet#pseudoHeaderSum}).
 *
 * <p>The same contract as {@link Ipv4Packet}: {@link #wrap} checks nothing and never moves the buffer's indices;
 * after {@link #checkLength} returned {@code null}, no accessor or setter can throw. The view is reusable.
 */
public final class Icmpv6Packet {

    /*
     * RFC 4443 section 2.1, Message General Format, and section 4.1, Echo Request Message (Echo Reply is the same):
     *
     *   0                   1                   2                   3
     *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |     Type      |     Code      |          Checksum             |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |           Identifier          |        Sequence Number        |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |     Data ...
     *  +-+-+-+-+-
     *
     * Section 3.2, Packet Too Big: the second word is the MTU. Section 3.4, Parameter Problem: the second word is the
     * Pointer, "identifies the octet offset within the invoking packet where the error was detected". Destination
     * Unreachable and Time Exceeded leave it Unused. Section 2.3: "The checksum is the 16-bit one's complement of the
     * one's complement sum of the entire ICMPv6 message, starting with the ICMPv6 message type field, and prepended
     * with a 'pseudo-header' of IPv6 header fields".
     */

    /** Offsets of the fields from the start of the ICMPv6 message, in bytes. */
    private static final class Field {
        static final int TYPE = 0;
        static final int CODE = 1;
        static final int CHECKSUM = 2;
        static final int IDENTIFIER = 4;
        static final int SEQUENCE_NUMBER = 6;
        static final int MTU = 4;
        static final int POINTER = 4;
        static final int UNUSED = 4;
        static final int DATA = 8;

        private Field() {
        }
    }

    /**
     * The header this view checks for: type, code, checksum and the second word, 8 bytes, which every message type
     * RFC 4443 and RFC 4861 define has (Linux's icmpv6_rcv() pulls the same 8 bytes, sizeof(struct icmp6hdr)).
     */
    public static final int HEADER_LENGTH = Field.DATA;

    /** Type. */
    public static final HeaderField TYPE_FIELD = HeaderField.bytes("Type", Field.TYPE, Field.CODE - Field.TYPE);
    /** Code. */
    public static final HeaderField CODE_FIELD = HeaderField.bytes("Code", Field.CODE, Field.CHECKSUM - Field.CODE);
    /** Checksum. */
    public static final HeaderField CHECKSUM_FIELD =
            HeaderField.bytes("Checksum", Field.CHECKSUM, Field.IDENTIFIER - Field.CHECKSUM);
    /** Identifier, in an echo message. */
    public static final HeaderField IDENTIFIER_FIELD =
            HeaderField.bytes("Identifier", Field.IDENTIFIER, Field.SEQUENCE_NUMBER - Field.IDENTIFIER);
    /** Sequence Number, in an echo message. */
    public static final HeaderField SEQUENCE_NUMBER_FIELD =
            HeaderField.bytes("Sequence Number", Field.SEQUENCE_NUMBER, Field.DATA - Field.SEQUENCE_NUMBER);
    /** MTU, in a Packet Too Big message. */
    public static final HeaderField MTU_FIELD = HeaderField.bytes("MTU", Field.MTU, Field.DATA - Field.MTU);
    /** Pointer, in a Parameter Problem message. */
    public static final HeaderField POINTER_FIELD =
            HeaderField.bytes("Pointer", Field.POINTER, Field.DATA - Field.POINTER);
    /** Unused, in Destination Unreachable and Time Exceeded: "initialized to zero by the originator". */
    public static final HeaderField UNUSED_FIELD = HeaderField.bytes("Unused", Field.UNUSED, Field.DATA - Field.UNUSED);
    /** The fields every ICMPv6 message has, in header order. */
    public static final List<HeaderField> FIELDS = List.of(TYPE_FIELD, CODE_FIELD, CHECKSUM_FIELD);
    /** The second word of Echo Request and Echo Reply. */
    public static final List<HeaderField> ECHO_FIELDS = List.of(IDENTIFIER_FIELD, SEQUENCE_NUMBER_FIELD);
    /** The second word of Packet Too Big. */
    public static final List<HeaderField> PACKET_TOO_BIG_FIELDS = List.of(MTU_FIELD);
    /** The second word of Parameter Problem. */
    public static final List<HeaderField> PARAMETER_PROBLEM_FIELDS = List.of(POINTER_FIELD);
    /** The second word of Destination Unreachable and Time Exceeded. */
    public static final List<HeaderField> UNUSED_FIELDS = List.of(UNUSED_FIELD);

    private ByteBuf buffer;
    private int base;
    private int length;

    /** An empty view; {@link #wrap} it before use. */
    public Icmpv6Packet() {
    }

    /**
     * Points this view at the ICMPv6 message of {@code length} bytes (the upper-layer packet length) at absolute
     * index {@code base}. Checks nothing.
     */
    public Icmpv6Packet wrap(ByteBuf buffer, int base, int length) {
        this.buffer = buffer;
        this.base = base;
        this.length = length;
        return this;
    }

    /**
     * Checks that the message holds the 8-byte header.
     *
     * @return {@code null} when every accessor is safe, otherwise {@link DropReason#ICMPV6_TRUNCATED}
     */
    public DropReason checkLength() {
        return length < HEADER_LENGTH ? DropReason.ICMPV6_TRUNCATED : null;
    }

    /** The buffer this view reads. */
    public ByteBuf buffer() {
        return buffer;
    }

    /** The absolute index of the Type byte. */
    public int base() {
        return base;
    }

    /** The length of the whole ICMPv6 message in bytes (the upper-layer packet length of the pseudo-header). */
    public int length() {
        return length;
    }

    /** Type, see {@link Icmpv6Type}. */
    public int type() {
        return buffer.getUnsignedByte(base + Field.TYPE);
    }

    /** Code: the subtype; 0 for echo messages. */
    public int code() {
        return buffer.getUnsignedByte(base + Field.CODE);
    }

    /** The first 16-bit word, Type and Code together, as the checksum sees it. */
    public int typeAndCode() {
        return buffer.getUnsignedShort(base + Field.TYPE);
    }

    /** Checksum as stored. */
    public int checksum() {
        return buffer.getUnsignedShort(base + Field.CHECKSUM);
    }

    /**
     * Whether the checksum over the pseudo-header (whose partial sum is {@code pseudoHeaderSum}) and the whole
     * message is valid. RFC 4443 2.3 makes it mandatory: there is no "no checksum" value.
     */
    public boolean verifyChecksum(int pseudoHeaderSum) {
        return Checksum.isValid(buffer, base, length, pseudoHeaderSum);
    }

    /** Identifier (echo): "to aid in matching Echo Replies to this Echo Request". */
    public int identifier() {
        return buffer.getUnsignedShort(base + Field.IDENTIFIER);
    }

    /** Sequence Number (echo). */
    public int sequenceNumber() {
        return buffer.getUnsignedShort(base + Field.SEQUENCE_NUMBER);
    }

    /** MTU (Packet Too Big): "the Maximum Transmission Unit of the next-hop link". */
    public long mtu() {
        return buffer.getUnsignedInt(base + Field.MTU);
    }

    /** Pointer (Parameter Problem): the offset of the offending octet within the invoking packet. */
    public long pointer() {
        return buffer.getUnsignedInt(base + Field.POINTER);
    }

    /** Whether the message is an Echo Request or Echo Reply, whose second word holds identifier and sequence. */
    public boolean isEcho() {
        int type = type();
        return type == Icmpv6Type.ECHO_REQUEST || type == Icmpv6Type.ECHO_REPLY;
    }

    /** The absolute index of the first byte after the 8-byte header (echo data, or the invoking packet of an error). */
    public int dataOffset() {
        return base + Field.DATA;
    }

    /** The data length in bytes: {@code length() - 8}. */
    public int dataLength() {
        return length - HEADER_LENGTH;
    }

    /** Sets Type. */
    public void setType(int type) {
        buffer.setByte(base + Field.TYPE, type);
    }

    /** Sets Code. */
    public void setCode(int code) {
        buffer.setByte(base + Field.CODE, code);
    }

    /** Stores {@code checksum} as the Checksum. */
    public void setChecksum(int checksum) {
        buffer.setShort(base + Field.CHECKSUM, checksum);
    }

    /** Sets Identifier. */
    public void setIdentifier(int identifier) {
        buffer.setShort(base + Field.IDENTIFIER, identifier);
    }

    /** Sets Sequence Number. */
    public void setSequenceNumber(int sequenceNumber) {
        buffer.setShort(base + Field.SEQUENCE_NUMBER, sequenceNumber);
    }

    /** Sets MTU (Packet Too Big). */
    public void setMtu(long mtu) {
        buffer.setInt(base + Field.MTU, (int) mtu);
    }

    /** Sets Pointer (Parameter Problem). */
    public void setPointer(long pointer) {
        buffer.setInt(base + Field.POINTER, (int) pointer);
    }

    /**
     * Computes the checksum over the pseudo-header (whose partial sum is {@code pseudoHeaderSum}) and the whole
     * message ({@link #length()} bytes), and stores it.
     */
    public void fillChecksum(int pseudoHeaderSum) {
        setChecksum(0);
        setChecksum(Checksum.compute(buffer, base, length, pseudoHeaderSum));
    }

    /**
     * One line for this layer, in tcpdump's shape: {@code ICMP6, echo request, id 4656, seq 1, length 64},
     * {@code ICMP6, destination unreachable, port unreachable, length 60},
     * {@code ICMP6, parameter problem, unrecognized Next Header type encountered, pointer 6, length 60} or
     * {@code ICMP6, router solicitation, length 8}; a message that fails {@link #checkLength()} is named with the
     * check's label. Never throws.
     */
    public String summary() {
        DropReason malformed = checkLength();
        if (malformed != null) {
            return "ICMP6 truncated (" + malformed.label() + "), length " + length;
        }
        String type = Icmpv6Type.name(type()).replace('-', ' ');
        if (isEcho()) {
            return "ICMP6, " + type + ", id " + identifier() + ", seq " + sequenceNumber() + ", length " + length;
        }
        if (type() == Icmpv6Type.PARAMETER_PROBLEM) {
            // The pointer is what a Parameter Problem is about: the offset of the offending byte (tcpdump: "octet").
            return "ICMP6, " + type + ", " + Icmpv6Type.codeName(type(), code()) + ", pointer " + pointer()
                    + ", length " + length;
        }
        if (Icmpv6Type.isError(type())) {
            return "ICMP6, " + type + ", " + Icmpv6Type.codeName(type(), code()) + ", length " + length;
        }
        return "ICMP6, " + type + ", length " + length;
    }

    @Override
    public String toString() {
        return buffer == null ? "Icmpv6Packet[unwrapped]" : "Icmpv6Packet[" + summary() + "]";
    }
}
