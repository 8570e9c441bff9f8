package io.tunstack.stack.wire;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.verdict.DropReason;
import java.util.List;

/**
 * A view over a UDP datagram (RFC 768) in a {@link ByteBuf}: ports, length and checksum.
 *
 * <p>The same contract as {@link Ipv4Packet}: {@link #wrap} checks nothing and never moves the buffer's indices;
 * after {@link #checkLength} returned {@code null}, no accessor or setter can throw.
 */
public final class UdpPacket {

    /*
     * RFC 768, User Datagram Header Format:
     *
     *   0      7 8     15 16    23 24    31
     *  +--------+--------+--------+--------+
     *  |     Source      |   Destination   |
     *  |      Port       |      Port       |
     *  +--------+--------+--------+--------+
     *  |                 |                 |
     *  |     Length      |    Checksum     |
     *  +--------+--------+--------+--------+
     *  |
     *  |          data octets ...
     *  +---------------- ...
     *
     * "Length is the length in octets of this user datagram including this header and the data. (This means the
     * minimum value of the length is eight.)" The checksum covers a pseudo-header: RFC 768 for IPv4 (where 0 means
     * "no checksum"), RFC 8200 section 8.1 for IPv6 (where it is mandatory).
     */

    /** Offsets of the fields from the start of the datagram, in bytes. */
    private static final class Field {
        static final int SOURCE_PORT = 0;
        static final int DESTINATION_PORT = 2;
        static final int LENGTH = 4;
        static final int CHECKSUM = 6;
        static final int DATA = 8;

        private Field() {
        }
    }

    /** The UDP header: 8 bytes. */
    public static final int HEADER_LENGTH = Field.DATA;

    /** Source Port. */
    public static final HeaderField SOURCE_PORT_FIELD =
            HeaderField.bytes("Source Port", Field.SOURCE_PORT, Field.DESTINATION_PORT - Field.SOURCE_PORT);
    /** Destination Port. */
    public static final HeaderField DESTINATION_PORT_FIELD =
            HeaderField.bytes("Destination Port", Field.DESTINATION_PORT, Field.LENGTH - Field.DESTINATION_PORT);
    /** Length. */
    public static final HeaderField LENGTH_FIELD =
            HeaderField.bytes("Length", Field.LENGTH, Field.CHECKSUM - Field.LENGTH);
    /** Checksum. */
    public static final HeaderField CHECKSUM_FIELD =
            HeaderField.bytes("Checksum", Field.CHECKSUM, Field.DATA - Field.CHECKSUM);
    /** The header's fields in header order. */
    public static final List<HeaderField> FIELDS =
            List.of(SOURCE_PORT_FIELD, DESTINATION_PORT_FIELD, LENGTH_FIELD, CHECKSUM_FIELD);

    private ByteBuf buffer;
    private int base;
    private int length;

    /** An empty view; {@link #wrap} it before use. */
    public UdpPacket() {
    }

    /** Points this view at the IP payload of {@code length} bytes at absolute index {@code base}. Checks nothing. */
    public UdpPacket wrap(ByteBuf buffer, int base, int length) {
        this.buffer = buffer;
        this.base = base;
        this.length = length;
        return this;
    }

    /**
     * Checks, from cheap to expensive, that the payload holds the header and the datagram its Length declares.
     *
     * @return {@code null} when every accessor is safe, otherwise {@link DropReason#UDP_TRUNCATED} (fewer than 8
     *     bytes), {@link DropReason#UDP_LENGTH_BELOW_HEADER} or {@link DropReason#UDP_LENGTH_BEYOND_PAYLOAD}
     */
    public DropReason checkLength() {
        if (length < HEADER_LENGTH) {
            return DropReason.UDP_TRUNCATED;
        }
        int declared = udpLength();
        if (declared < HEADER_LENGTH) {
            return DropReason.UDP_LENGTH_BELOW_HEADER;
        }
        if (declared > length) {
            return DropReason.UDP_LENGTH_BEYOND_PAYLOAD;
        }
        return null;
    }

    /** The buffer this view reads. */
    public ByteBuf buffer() {
        return buffer;
    }

    /** The absolute index of the first header byte. */
    public int base() {
        return base;
    }

    /** The IP payload length given to {@link #wrap}. */
    public int length() {
        return length;
    }

    /** Source Port. */
    public int sourcePort() {
        return buffer.getUnsignedShort(base + Field.SOURCE_PORT);
    }

    /** Destination Port. */
    public int destinationPort() {
        return buffer.getUnsignedShort(base + Field.DESTINATION_PORT);
    }

    /** Length: header and data, in bytes. */
    public int udpLength() {
        return buffer.getUnsignedShort(base + Field.LENGTH);
    }

    /** Checksum as stored. */
    public int checksum() {
        return buffer.getUnsignedShort(base + Field.CHECKSUM);
    }

    /** The absolute index of the first data byte. */
    public int dataOffset() {
        return base + Field.DATA;
    }

    /** The data length in bytes, from Length: {@code udpLength() - 8}. */
    public int dataLength() {
        return udpLength() - HEADER_LENGTH;
    }

    /** Whether the checksum over the pseudo-header (partial sum {@code pseudoHeaderSum}) and the datagram is valid. */
    public boolean verifyChecksum(int pseudoHeaderSum) {
        return Checksum.isValid(buffer, base, udpLength(), pseudoHeaderSum);
    }

    /** Sets Source Port. */
    public void setSourcePort(int port) {
        buffer.setShort(base + Field.SOURCE_PORT, port);
    }

    /** Sets Destination Port. */
    public void setDestinationPort(int port) {
        buffer.setShort(base + Field.DESTINATION_PORT, port);
    }

    /** Sets Length. */
    public void setUdpLength(int udpLength) {
        buffer.setShort(base + Field.LENGTH, udpLength);
    }

    /** Stores {@code checksum} as the Checksum. */
    public void setChecksum(int checksum) {
        buffer.setShort(base + Field.CHECKSUM, checksum);
    }

    /**
     * Computes the checksum over the pseudo-header (partial sum {@code pseudoHeaderSum}) and {@link #udpLength()}
     * bytes and stores it; a computed 0x0000 is sent as 0xFFFF (RFC 768: "If the computed checksum is zero, it is
     * transmitted as all ones").
     */
    public void fillChecksum(int pseudoHeaderSum) {
        setChecksum(0);
        int checksum = Checksum.compute(buffer, base, udpLength(), pseudoHeaderSum);
        setChecksum(checksum == 0 ? 0xFFFF : checksum);
    }

    /**
     * One line for this layer, in tcpdump's shape: {@code UDP, length 4} (the data length); a datagram that fails
     * {@link #checkLength()} is named with the check's label. Never throws.
     */
    public String summary() {
        DropReason malformed = checkLength();
        if (malformed != null) {
            return "UDP malformed (" + malformed.label() + "), length " + length;
        }
        return "UDP, length " + dataLength();
    }

    @Override
    public String toString() {
        return buffer == null ? "UdpPacket[unwrapped]" : "UdpPacket[" + sourcePortText() + summary() + "]";
    }

    private String sourcePortText() {
        return length >= HEADER_LENGTH ? sourcePort() + " > " + destinationPort() + ": " : "";
    }
}
