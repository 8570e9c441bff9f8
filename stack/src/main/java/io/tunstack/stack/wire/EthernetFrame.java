package io.tunstack.stack.wire;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.address.MacAddress;
import io.tunstack.stack.verdict.DropReason;
import java.util.List;
import java.util.Locale;

/**
 * A view over an Ethernet II frame in a {@link ByteBuf}, as a TAP device delivers it (without preamble and frame
 * check sequence): one accessor and one setter per header field.
 *
 * <p>The view records the buffer, the frame's base index and the number of bytes read once, in {@link #wrap}, and
 * never moves the buffer's indices; it is reusable. Validation contract: {@link #wrap} checks nothing;
 * {@link #checkLength} checks that the 14-byte header is there, after which no accessor or setter can throw. What the
 * addresses and the type mean is the link layer's to check.
 */
public final class EthernetFrame {

    /*
     * Ethernet II (DIX; IEEE 802.3 with a Type field), as RFC 894 uses it for IP:
     *
     *   0                   1                   2                   3
     *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |                      Destination Address                      |
     *  +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |                               |                               |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
     *  |                        Source Address                         |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |           EtherType           |  Data (46 to 1500 bytes) ...
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *
     * Addresses are 48 bits; the first bit sent of the destination (the I/G bit, 0x01 of its first byte) marks a group
     * address. A frame is at least 64 bytes with its 4-byte frame check sequence, so at least 60 without it; the
     * sender pads shorter data with zeros (RFC 894: "the data field ... padded ... to meet the Ethernet minimum").
     */

    /** Offsets of the header fields from the start of the frame, in bytes. */
    private static final class Field {
        static final int DESTINATION = 0;
        static final int SOURCE = DESTINATION + MacAddress.LENGTH;
        static final int ETHER_TYPE = SOURCE + MacAddress.LENGTH;
        static final int PAYLOAD = ETHER_TYPE + Short.BYTES;

        private Field() {
        }
    }

    /** The header: two 6-byte addresses and the 2-byte type, 6+6+2 = 14 bytes. */
    public static final int HEADER_LENGTH = Field.PAYLOAD;
    /** The shortest frame on the wire without its 4-byte frame check sequence: 64-4 = 60 bytes. */
    public static final int MIN_FRAME_LENGTH = 60;
    /** The shortest payload: 60-14 = 46 bytes. */
    public static final int MIN_PAYLOAD_LENGTH = MIN_FRAME_LENGTH - HEADER_LENGTH;

    /** Destination Address. */
    public static final HeaderField DESTINATION_FIELD = HeaderField.bytes("Destination Address", Field.DESTINATION,
            Field.SOURCE - Field.DESTINATION);
    /** Source Address. */
    public static final HeaderField SOURCE_FIELD = HeaderField.bytes("Source Address", Field.SOURCE,
            Field.ETHER_TYPE - Field.SOURCE);
    /** EtherType. */
    public static final HeaderField ETHER_TYPE_FIELD = HeaderField.bytes("EtherType", Field.ETHER_TYPE,
            Field.PAYLOAD - Field.ETHER_TYPE);
    /** The header's fields in order. */
    public static final List<HeaderField> FIELDS = List.of(DESTINATION_FIELD, SOURCE_FIELD, ETHER_TYPE_FIELD);

    private ByteBuf buffer;
    private int base;
    private int bytesRead;

    /** An empty view; {@link #wrap} it before use. */
    public EthernetFrame() {
    }

    /** A new view over the readable bytes of {@code buffer}; see {@link #wrap(ByteBuf)}. */
    public static EthernetFrame newUnchecked(ByteBuf buffer) {
        return new EthernetFrame().wrap(buffer);
    }

    /** Points this view at the readable bytes of {@code buffer}: base is its reader index. Checks nothing. */
    public EthernetFrame wrap(ByteBuf buffer) {
        return wrap(buffer, buffer.readerIndex(), buffer.readableBytes());
    }

    /** Points this view at {@code bytesRead} bytes of {@code buffer} from absolute index {@code base}. */
    public EthernetFrame wrap(ByteBuf buffer, int base, int bytesRead) {
        this.buffer = buffer;
        this.base = base;
        this.bytesRead = bytesRead;
        return this;
    }

    /** {@code null} when the 14-byte header is there, else {@link DropReason#ETHERNET_TRUNCATED}. */
    public DropReason checkLength() {
        return bytesRead < HEADER_LENGTH ? DropReason.ETHERNET_TRUNCATED : null;
    }

    /** The buffer this view reads. */
    public ByteBuf buffer() {
        return buffer;
    }

    /** The absolute index of the frame's first byte. */
    public int base() {
        return base;
    }

    /** How many bytes of the frame were read, from {@link #base()}. */
    public int bytesRead() {
        return bytesRead;
    }

    /** Destination Address, its 48 bits (see {@link MacAddress}). */
    public long destination() {
        return MacAddress.readBits(buffer, base + Field.DESTINATION);
    }

    /** Source Address, its 48 bits. */
    public long source() {
        return MacAddress.readBits(buffer, base + Field.SOURCE);
    }

    /** EtherType (see {@link EtherType}); 1500 or less is an IEEE 802.3 length. */
    public int etherType() {
        return buffer.getUnsignedShort(base + Field.ETHER_TYPE);
    }

    /** The absolute index of the first payload byte, just after the header. */
    public int payloadOffset() {
        return base + Field.PAYLOAD;
    }

    /** The bytes read after the header: the payload and any padding. */
    public int payloadLength() {
        return bytesRead - HEADER_LENGTH;
    }

    /** Sets Destination Address to the 48 bits {@code mac}. */
    public void setDestination(long mac) {
        MacAddress.writeBits(buffer, base + Field.DESTINATION, mac);
    }

    /** Sets Source Address to the 48 bits {@code mac}. */
    public void setSource(long mac) {
        MacAddress.writeBits(buffer, base + Field.SOURCE, mac);
    }

    /** Sets EtherType. */
    public void setEtherType(int etherType) {
        buffer.setShort(base + Field.ETHER_TYPE, etherType);
    }

    /**
     * One line for this layer, in the shape of {@code tcpdump -e}:
     * {@code 02:54:ac:15:16:1a > 5e:2b:80:15:34:6f, ethertype IPv4 (0x0800), length 98}. Never throws.
     */
    public String summary() {
        DropReason malformed = checkLength();
        if (malformed != null) {
            return "Ethernet malformed (" + malformed.label() + "), length " + bytesRead;
        }
        return MacAddress.format(source()) + " > " + MacAddress.format(destination()) + ", ethertype "
                + EtherType.name(etherType()) + String.format(Locale.ROOT, " (0x%04x)", etherType()) + ", length "
                + bytesRead;
    }

    @Override
    public String toString() {
        return buffer == null ? "EthernetFrame[unwrapped]" : "EthernetFrame[" + summary() + "]";
    }
}
