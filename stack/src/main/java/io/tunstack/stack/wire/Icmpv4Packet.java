package io.tunstack.stack.wire;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.verdict.DropReason;
import java.util.List;

/**
 * A view over an ICMPv4 message (RFC 792) in a {@link ByteBuf}: the common header, and the identifier and sequence
 * number that the query messages (echo, timestamp, information) carry in the second word.
 *
 * <p>The same contract as {@link Ipv4Packet}: {@link #wrap} checks nothing and never moves the buffer's indices;
 * after {@link #checkLength} returned {@code null}, no accessor or setter can throw. The view is reusable.
 */
public final class Icmpv4Packet {

    /*
     * RFC 792, Echo or Echo Reply Message (the first word is common to every ICMP message; the second word is
     * "rest of header", whose meaning depends on the type):
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
     * "The checksum is the 16-bit ones's complement of the one's complement sum of the ICMP message starting with
     * the ICMP Type."
     */

    /** Offsets of the fields from the start of the ICMP message, in bytes. */
    private static final class Field {
        static final int TYPE = 0;
        static final int CODE = 1;
        static final int CHECKSUM = 2;
        static final int IDENTIFIER = 4;
        static final int SEQUENCE_NUMBER = 6;
        static final int DATA = 8;

        private Field() {
        }
    }

    /** Every ICMP message has at least the 8-byte header: type, code, checksum and the 4-byte "rest of header". */
    public static final int HEADER_LENGTH = Field.DATA;

    /** Type. */
    public static final HeaderField TYPE_FIELD = HeaderField.bytes("Type", Field.TYPE, Field.CODE - Field.TYPE);
    /** Code. */
    public static final HeaderField CODE_FIELD = HeaderField.bytes("Code", Field.CODE, Field.CHECKSUM - Field.CODE);
    /** Checksum. */
    public static final HeaderField CHECKSUM_FIELD =
            HeaderField.bytes("Checksum", Field.CHECKSUM, Field.IDENTIFIER - Field.CHECKSUM);
    /** Identifier, in the query messages' second word. */
    public static final HeaderField IDENTIFIER_FIELD =
            HeaderField.bytes("Identifier", Field.IDENTIFIER, Field.SEQUENCE_NUMBER - Field.IDENTIFIER);
    /** Sequence Number, in the query messages' second word. */
    public static final HeaderField SEQUENCE_NUMBER_FIELD =
            HeaderField.bytes("Sequence Number", Field.SEQUENCE_NUMBER, Field.DATA - Field.SEQUENCE_NUMBER);
    /** The fields every ICMP message has, in header order; the second word's meaning depends on the type. */
    public static final List<HeaderField> FIELDS = List.of(TYPE_FIELD, CODE_FIELD, CHECKSUM_FIELD);
    /** The second word of the query messages (echo, timestamp, information), in header order. */
    public static final List<HeaderField> QUERY_FIELDS = List.of(IDENTIFIER_FIELD, SEQUENCE_NUMBER_FIELD);

    private ByteBuf buffer;
    private int base;
    private int length;

    /** An empty view; {@link #wrap} it before use. */
    public Icmpv4Packet() {
    }

    /** A new view over the readable bytes of {@code buffer}. */
    public static Icmpv4Packet newUnchecked(ByteBuf buffer) {
        return new Icmpv4Packet().wrap(buffer, buffer.readerIndex(), buffer.readableBytes());
    }

    /** Points this view at the ICMP message of {@code length} bytes at absolute index {@code base}. Checks nothing. */
    public Icmpv4Packet wrap(ByteBuf buffer, int base, int length) {
        this.buffer = buffer;
        this.base = base;
        this.length = length;
        return this;
    }

    /**
     * Checks that the message holds the 8-byte header.
     *
     * @return {@code null} when every accessor is safe, otherwise {@link DropReason#ICMP_TRUNCATED}
     */
    public DropReason checkLength() {
        return length < HEADER_LENGTH ? DropReason.ICMP_TRUNCATED : null;
    }

    /** The buffer this view reads. */
    public ByteBuf buffer() {
        return buffer;
    }

    /** The absolute index of the Type byte. */
    public int base() {
        return base;
    }

    /** The length of the whole ICMP message in bytes (the IP payload length). */
    public int length() {
        return length;
    }

    /** Type, see {@link Icmpv4Type}. */
    public int type() {
        return buffer.getUnsignedByte(base + Field.TYPE);
    }

    /** Code: the subtype; 0 for echo and echo reply. */
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

    /** Whether the checksum over the whole message is valid. */
    public boolean verifyChecksum() {
        return Checksum.isValid(buffer, base, length);
    }

    /** Identifier (query messages): "to aid in matching echos and replies". */
    public int identifier() {
        return buffer.getUnsignedShort(base + Field.IDENTIFIER);
    }

    /** Sequence Number (query messages). */
    public int sequenceNumber() {
        return buffer.getUnsignedShort(base + Field.SEQUENCE_NUMBER);
    }

    /** The absolute index of the first data byte, after the 8-byte header. */
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

    /** Computes the checksum over the whole message ({@link #length()} bytes) and stores it. */
    public void fillChecksum() {
        setChecksum(0);
        setChecksum(Checksum.compute(buffer, base, length));
    }

    /** Whether the message is an echo or echo reply, whose second word holds an identifier and a sequence number. */
    public boolean isEcho() {
        int type = type();
        return type == Icmpv4Type.ECHO_REQUEST || type == Icmpv4Type.ECHO_REPLY;
    }

    /**
     * One line for this layer, in tcpdump's shape: {@code ICMP echo request, id 19631, seq 1, length 64}, or
     * {@code ICMP destination unreachable, code 3, length 8}; a message that fails {@link #checkLength()} is named
     * with the check's label. Never throws.
     */
    public String summary() {
        DropReason malformed = checkLength();
        if (malformed != null) {
            return "ICMP truncated (" + malformed.label() + "), length " + length;
        }
        String type = Icmpv4Type.name(type()).replace('-', ' ');
        if (isEcho()) {
            return "ICMP " + type + ", id " + identifier() + ", seq " + sequenceNumber() + ", length " + length;
        }
        return "ICMP " + type + ", code " + code() + ", length " + length;
    }

    @Override
    public String toString() {
        if (buffer == null) {
            return "Icmpv4Packet[unwrapped]";
        }
        if (checkLength() != null) {
            return "Icmpv4Packet[" + length + " bytes, " + checkLength().label() + "]";
        }
        return "Icmpv4Packet[" + Icmpv4Type.name(type()) + " code " + code() + " id " + identifier() + " seq "
                + sequenceNumber() + " data " + dataLength() + "]";
    }
}
