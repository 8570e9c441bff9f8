package io.tunstack.stack.wire;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.verdict.DropReason;
import java.util.List;

/**
 * A view over a TCP segment (RFC 9293 section 3.1) in a {@link ByteBuf}: the fixed header's fields. Options are not
 * interpreted; they occupy the bytes from {@link #optionsOffset()} to {@link #dataOffsetIndex()}.
 *
 * <p>The same contract as {@link Ipv4Packet}: {@link #wrap} checks nothing and never moves the buffer's indices;
 * after {@link #checkLength} returned {@code null}, no accessor or setter can throw.
 */
public final class TcpPacket {

    /*
     * RFC 9293 section 3.1, TCP Header Format:
     *
     *   0                   1                   2                   3
     *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |          Source Port          |       Destination Port        |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |                        Sequence Number                        |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |                    Acknowledgment Number                      |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |  Data |       |C|E|U|A|P|R|S|F|                               |
     *  | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
     *  |       |       |R|E|G|K|H|T|N|N|                               |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |           Checksum            |         Urgent Pointer        |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |                           [Options]                           |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *
     * "Data Offset (DOffset): 4 bits. The number of 32-bit words in the TCP header."
     */

    /** Offsets of the fields from the start of the segment, in bytes. */
    private static final class Field {
        static final int SOURCE_PORT = 0;
        static final int DESTINATION_PORT = 2;
        static final int SEQUENCE_NUMBER = 4;
        static final int ACKNOWLEDGMENT_NUMBER = 8;
        static final int DATA_OFFSET_RESERVED = 12;
        static final int CONTROL_BITS = 13;
        static final int WINDOW = 14;
        static final int CHECKSUM = 16;
        static final int URGENT_POINTER = 18;
        static final int OPTIONS = 20;

        private Field() {
        }
    }

    /** The header without options: five 32-bit words, 5*4 = 20 bytes. */
    public static final int MIN_HEADER_LENGTH = Field.OPTIONS;

    /** FIN: no more data from sender. */
    public static final int FIN = 0x01;
    /** SYN: synchronize sequence numbers. */
    public static final int SYN = 0x02;
    /** RST: reset the connection. */
    public static final int RST = 0x04;
    /** PSH: push function. */
    public static final int PSH = 0x08;
    /** ACK: the Acknowledgment Number is significant. */
    public static final int ACK = 0x10;
    /** URG: the Urgent Pointer is significant. */
    public static final int URG = 0x20;
    /** ECE: ECN-Echo (RFC 3168). */
    public static final int ECE = 0x40;
    /** CWR: Congestion Window Reduced (RFC 3168). */
    public static final int CWR = 0x80;

    /** Source Port. */
    public static final HeaderField SOURCE_PORT_FIELD =
            HeaderField.bytes("Source Port", Field.SOURCE_PORT, Field.DESTINATION_PORT - Field.SOURCE_PORT);
    /** Destination Port. */
    public static final HeaderField DESTINATION_PORT_FIELD = HeaderField.bytes("Destination Port",
            Field.DESTINATION_PORT, Field.SEQUENCE_NUMBER - Field.DESTINATION_PORT);
    /** Sequence Number. */
    public static final HeaderField SEQUENCE_NUMBER_FIELD = HeaderField.bytes("Sequence Number",
            Field.SEQUENCE_NUMBER, Field.ACKNOWLEDGMENT_NUMBER - Field.SEQUENCE_NUMBER);
    /** Acknowledgment Number. */
    public static final HeaderField ACKNOWLEDGMENT_NUMBER_FIELD = HeaderField.bytes("Acknowledgment Number",
            Field.ACKNOWLEDGMENT_NUMBER, Field.DATA_OFFSET_RESERVED - Field.ACKNOWLEDGMENT_NUMBER);
    /** Data Offset, in 32-bit words. */
    public static final HeaderField DATA_OFFSET_FIELD =
            HeaderField.bits("Data Offset", Field.DATA_OFFSET_RESERVED, 0, 4);
    /** Rsrvd, 4 reserved bits. */
    public static final HeaderField RESERVED_FIELD = HeaderField.bits("Rsrvd", Field.DATA_OFFSET_RESERVED, 4, 4);
    /** The eight control bits, CWR to FIN. */
    public static final HeaderField CONTROL_BITS_FIELD =
            HeaderField.bytes("Control Bits", Field.CONTROL_BITS, Field.WINDOW - Field.CONTROL_BITS);
    /** Window. */
    public static final HeaderField WINDOW_FIELD =
            HeaderField.bytes("Window", Field.WINDOW, Field.CHECKSUM - Field.WINDOW);
    /** Checksum. */
    public static final HeaderField CHECKSUM_FIELD =
            HeaderField.bytes("Checksum", Field.CHECKSUM, Field.URGENT_POINTER - Field.CHECKSUM);
    /** Urgent Pointer. */
    public static final HeaderField URGENT_POINTER_FIELD =
            HeaderField.bytes("Urgent Pointer", Field.URGENT_POINTER, Field.OPTIONS - Field.URGENT_POINTER);
    /** The fixed header's fields in header order; options, if any, follow. */
    public static final List<HeaderField> FIELDS = List.of(SOURCE_PORT_FIELD, DESTINATION_PORT_FIELD,
            SEQUENCE_NUMBER_FIELD, ACKNOWLEDGMENT_NUMBER_FIELD, DATA_OFFSET_FIELD, RESERVED_FIELD, CONTROL_BITS_FIELD,
            WINDOW_FIELD, CHECKSUM_FIELD, URGENT_POINTER_FIELD);

    private ByteBuf buffer;
    private int base;
    private int length;

    /** An empty view; {@link #wrap} it before use. */
    public TcpPacket() {
    }

    /** Points this view at the IP payload of {@code length} bytes at absolute index {@code base}. Checks nothing. */
    public TcpPacket wrap(ByteBuf buffer, int base, int length) {
        this.buffer = buffer;
        this.base = base;
        this.length = length;
        return this;
    }

    /**
     * Checks, from cheap to expensive, that the segment holds the header its Data Offset declares.
     *
     * @return {@code null} when every accessor is safe, otherwise {@link DropReason#TCP_TRUNCATED} (fewer than 20
     *     bytes), {@link DropReason#TCP_BAD_DATA_OFFSET} (below 5 words) or {@link DropReason#TCP_HEADER_TRUNCATED}
     */
    public DropReason checkLength() {
        if (length < MIN_HEADER_LENGTH) {
            return DropReason.TCP_TRUNCATED;
        }
        int headerLength = headerLength();
        if (headerLength < MIN_HEADER_LENGTH) {
            return DropReason.TCP_BAD_DATA_OFFSET;
        }
        if (headerLength > length) {
            return DropReason.TCP_HEADER_TRUNCATED;
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

    /** The segment's length, header and data: the IP payload length given to {@link #wrap}. */
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

    /** Sequence Number, 32 bits. */
    public long sequenceNumber() {
        return buffer.getUnsignedInt(base + Field.SEQUENCE_NUMBER);
    }

    /** Acknowledgment Number, 32 bits. */
    public long acknowledgmentNumber() {
        return buffer.getUnsignedInt(base + Field.ACKNOWLEDGMENT_NUMBER);
    }

    /** Data Offset: the header length in 32-bit words (5..15 in a valid segment). */
    public int dataOffset() {
        return buffer.getUnsignedByte(base + Field.DATA_OFFSET_RESERVED) >>> 4;
    }

    /** The header length in bytes, options included: {@code dataOffset() * 4}. */
    public int headerLength() {
        return dataOffset() * 4;
    }

    /** The control bits, CWR (0x80) to FIN (0x01); test them with {@link #SYN}, {@link #ACK}... */
    public int flags() {
        return buffer.getUnsignedByte(base + Field.CONTROL_BITS);
    }

    /** Window. */
    public int window() {
        return buffer.getUnsignedShort(base + Field.WINDOW);
    }

    /** Checksum as stored. */
    public int checksum() {
        return buffer.getUnsignedShort(base + Field.CHECKSUM);
    }

    /** Urgent Pointer. */
    public int urgentPointer() {
        return buffer.getUnsignedShort(base + Field.URGENT_POINTER);
    }

    /** The absolute index of the first option byte. */
    public int optionsOffset() {
        return base + Field.OPTIONS;
    }

    /** The absolute index of the first data byte, after the header and its options. */
    public int dataOffsetIndex() {
        return base + headerLength();
    }

    /** The data length in bytes: {@code length() - headerLength()}. */
    public int dataLength() {
        return length - headerLength();
    }

    /** Whether the checksum over the pseudo-header (partial sum {@code pseudoHeaderSum}) and the segment is valid. */
    public boolean verifyChecksum(int pseudoHeaderSum) {
        return Checksum.isValid(buffer, base, length, pseudoHeaderSum);
    }

    /** Sets Source Port. */
    public void setSourcePort(int port) {
        buffer.setShort(base + Field.SOURCE_PORT, port);
    }

    /** Sets Destination Port. */
    public void setDestinationPort(int port) {
        buffer.setShort(base + Field.DESTINATION_PORT, port);
    }

    /** Sets Sequence Number. */
    public void setSequenceNumber(long sequenceNumber) {
        buffer.setInt(base + Field.SEQUENCE_NUMBER, (int) sequenceNumber);
    }

    /** Sets Acknowledgment Number. */
    public void setAcknowledgmentNumber(long acknowledgmentNumber) {
        buffer.setInt(base + Field.ACKNOWLEDGMENT_NUMBER, (int) acknowledgmentNumber);
    }

    /** Sets Data Offset, in 32-bit words, and clears the reserved bits. */
    public void setDataOffset(int words) {
        buffer.setByte(base + Field.DATA_OFFSET_RESERVED, (words & 0x0F) << 4);
    }

    /** Sets the control bits. */
    public void setFlags(int flags) {
        buffer.setByte(base + Field.CONTROL_BITS, flags);
    }

    /** Sets Window. */
    public void setWindow(int window) {
        buffer.setShort(base + Field.WINDOW, window);
    }

    /** Stores {@code checksum} as the Checksum. */
    public void setChecksum(int checksum) {
        buffer.setShort(base + Field.CHECKSUM, checksum);
    }

    /** Sets Urgent Pointer. */
    public void setUrgentPointer(int urgentPointer) {
        buffer.setShort(base + Field.URGENT_POINTER, urgentPointer);
    }

    /** Computes the checksum over the pseudo-header (partial sum {@code pseudoHeaderSum}) and the segment; stores it. */
    public void fillChecksum(int pseudoHeaderSum) {
        setChecksum(0);
        setChecksum(Checksum.compute(buffer, base, length, pseudoHeaderSum));
    }

    /**
     * One line for this layer, in tcpdump's shape: {@code Flags [S.], length 0} (the data length); a segment that
     * fails {@link #checkLength()} is named with the check's label. Never throws.
     */
    public String summary() {
        DropReason malformed = checkLength();
        if (malformed != null) {
            return "TCP malformed (" + malformed.label() + "), length " + length;
        }
        return "Flags [" + flagLetters(flags()) + "], length " + dataLength();
    }

    /** tcpdump's flag letters: S SYN, F FIN, R RST, P PSH, U URG, E ECE, W CWR, and "." for ACK; "none" if none. */
    public static String flagLetters(int flags) {
        StringBuilder text = new StringBuilder(8);
        appendIf(text, flags & SYN, 'S');
        appendIf(text, flags & FIN, 'F');
        appendIf(text, flags & RST, 'R');
        appendIf(text, flags & PSH, 'P');
        appendIf(text, flags & URG, 'U');
        appendIf(text, flags & ECE, 'E');
        appendIf(text, flags & CWR, 'W');
        appendIf(text, flags & ACK, '.');
        return text.length() == 0 ? "none" : text.toString();
    }

    private static void appendIf(StringBuilder text, int bit, char letter) {
        if (bit != 0) {
            text.append(letter);
        }
    }

    @Override
    public String toString() {
        return buffer == null ? "TcpPacket[unwrapped]" : "TcpPacket[" + summary() + "]";
    }
}
