package io.tunstack.stack.wire;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.address.MacAddress;
import io.tunstack.stack.verdict.DropReason;
import java.util.List;

/**
 * A cursor over the options of a neighbor discovery message (RFC 4861 4.6): it points at one option at a time and
 * {@link #next()} steps over it by its Length. The Source and Target Link-Layer Address options (4.6.1) for Ethernet
 * are read and written here; other types are only stepped over.
 *
 * <p>The same contract as the other views: {@link #wrap} checks nothing and never moves the buffer's indices; after
 * {@link #checkLength} returned {@code null} for the current option, its accessors cannot throw. Walk with:
 *
 * <pre>
 * for (option.wrap(buffer, message.optionsOffset(), message.end()); option.hasCurrent(); option.next()) {
 *     DropReason bad = option.checkLength();
 *     ...
 * }
 * </pre>
 */
public final class NdpOption {

    /*
     * RFC 4861 section 4.6, Option Formats:
     *
     *   0                   1                   2                   3
     *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |     Type      |    Length     |              ...              |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  ~                              ...                              ~
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *
     * "Length: 8-bit unsigned integer. The length of the option (including the type and length fields) in units of
     * 8 octets. The value 0 is invalid. Nodes MUST silently discard an ND packet that contains an option with length
     * zero."
     *
     * Section 4.6.1, Source/Target Link-layer Address:
     *
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |     Type      |    Length     |    Link-Layer Address ...
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *
     * "Type 1 for Source Link-layer Address, 2 for Target Link-layer Address." "Length: The length of the option
     * (including the type and length fields) in units of 8 octets. For example, the length for IEEE 802 addresses
     * is 1" (RFC 2464 section 8: two bytes of header and the six of the MAC address).
     */

    /** Offsets from the start of an option, in bytes. */
    private static final class Field {
        static final int TYPE = 0;
        static final int LENGTH = 1;
        static final int LINK_LAYER_ADDRESS = 2;
        static final int ETHERNET_END = LINK_LAYER_ADDRESS + MacAddress.LENGTH;

        private Field() {
        }
    }

    /** Type 1: Source Link-layer Address, in solicitations. */
    public static final int SOURCE_LINK_LAYER_ADDRESS = 1;
    /** Type 2: Target Link-layer Address, in advertisements. */
    public static final int TARGET_LINK_LAYER_ADDRESS = 2;
    /** Length counts units of 8 octets. */
    public static final int LENGTH_UNIT = 8;
    /** Type and Length: the least an option can be read as. */
    public static final int HEADER_LENGTH = Field.LINK_LAYER_ADDRESS;
    /** A link-layer address option for Ethernet, 8 bytes: Length 1 (RFC 2464 section 8). */
    public static final int ETHERNET_ADDRESS_OPTION_LENGTH = Field.ETHERNET_END;
    /** An Ethernet (IEEE 802) address, 6 bytes. */
    public static final int ETHERNET_ADDRESS_LENGTH = MacAddress.LENGTH;

    /** Type. */
    public static final HeaderField TYPE_FIELD = HeaderField.bytes("Type", Field.TYPE, Field.LENGTH - Field.TYPE);
    /** Length, in units of 8 octets. */
    public static final HeaderField LENGTH_FIELD =
            HeaderField.bytes("Length", Field.LENGTH, Field.LINK_LAYER_ADDRESS - Field.LENGTH);
    /** Link-Layer Address, of an Ethernet link-layer address option. */
    public static final HeaderField LINK_LAYER_ADDRESS_FIELD =
            HeaderField.bytes("Link-Layer Address", Field.LINK_LAYER_ADDRESS, ETHERNET_ADDRESS_LENGTH);
    /** The fields of a link-layer address option for Ethernet, in order. */
    public static final List<HeaderField> LINK_LAYER_ADDRESS_FIELDS =
            List.of(TYPE_FIELD, LENGTH_FIELD, LINK_LAYER_ADDRESS_FIELD);

    /** What {@link #foundLinkLayerAddress()} returns when the walk found no option of the type it looked for. */
    public static final long NOT_FOUND = -1;

    private ByteBuf buffer;
    private int offset;
    private int end;
    private long found = NOT_FOUND;

    /** An empty cursor; {@link #wrap} it before use. */
    public NdpOption() {
    }

    /** Points this cursor at the option at absolute index {@code offset}; the options end at {@code end}. */
    public NdpOption wrap(ByteBuf buffer, int offset, int end) {
        this.buffer = buffer;
        this.offset = offset;
        this.end = end;
        this.found = NOT_FOUND;
        return this;
    }

    /**
     * Walks from the current option to the end, as Linux's ndisc_parse_options() and ndisc_opt_addr_data() do: every
     * option must pass {@link #checkLength()} (RFC 4861 7.1.1, 7.1.2: "All included options have a length that is
     * greater than zero"); the first option of type {@code wanted} is kept (Linux ignores a repeated one:
     * "duplicated ND6 option found") and must be an Ethernet address, 8 bytes ("invalid link-layer address length");
     * other types are stepped over (4.6: "Receivers MUST silently ignore any options they do not recognize and
     * continue processing the message"), such as the Nonce (RFC 3971 5.3.2) of Linux's DAD probes. Afterwards the
     * cursor stands at the end and {@link #foundLinkLayerAddress()} says what was kept.
     *
     * @param wanted {@link #SOURCE_LINK_LAYER_ADDRESS} or {@link #TARGET_LINK_LAYER_ADDRESS}
     * @return {@code null} when the options are valid, else {@link DropReason#NDP_OPTION_ZERO_LENGTH},
     *     {@link DropReason#NDP_OPTION_TRUNCATED} or {@link DropReason#NDP_BAD_LINK_LAYER_OPTION}
     */
    public DropReason walkForLinkLayerAddress(int wanted) {
        found = NOT_FOUND;
        for (; hasCurrent(); next()) {
            DropReason reason = checkLength();
            if (reason != null) {
                return reason;
            }
            if (type() == wanted && found == NOT_FOUND) {
                if (!isEthernetAddressLength()) {
                    return DropReason.NDP_BAD_LINK_LAYER_OPTION;
                }
                found = linkLayerAddress();
            }
        }
        return null;
    }

    /** The 48 bits of the link-layer address {@link #walkForLinkLayerAddress} kept, or {@link #NOT_FOUND}. */
    public long foundLinkLayerAddress() {
        return found;
    }

    /** Whether an option starts here: bytes are left before the end of the options. */
    public boolean hasCurrent() {
        return offset < end;
    }

    /**
     * Checks the current option as Linux's ndisc_parse_options() does: Type and Length are there, Length is not 0
     * (RFC 4861 4.6: "Nodes MUST silently discard an ND packet that contains an option with length zero") and the
     * option ends within the message.
     *
     * @return {@code null} when the option is whole, else {@link DropReason#NDP_OPTION_TRUNCATED} or
     *     {@link DropReason#NDP_OPTION_ZERO_LENGTH}
     */
    public DropReason checkLength() {
        if (end - offset < HEADER_LENGTH) {
            return DropReason.NDP_OPTION_TRUNCATED;
        }
        int length = byteLength();
        if (length == 0) {
            return DropReason.NDP_OPTION_ZERO_LENGTH;
        }
        return length > end - offset ? DropReason.NDP_OPTION_TRUNCATED : null;
    }

    /** Steps to the option after the current one (by its Length; call only after {@link #checkLength}). */
    public void next() {
        offset += byteLength();
    }

    /** The absolute index of the current option's Type byte. */
    public int offset() {
        return offset;
    }

    /** Type. */
    public int type() {
        return buffer.getUnsignedByte(offset + Field.TYPE);
    }

    /** Length as stored, in units of 8 octets. */
    public int lengthUnits() {
        return buffer.getUnsignedByte(offset + Field.LENGTH);
    }

    /** The option's length in bytes, its Type and Length included. */
    public int byteLength() {
        return lengthUnits() * LENGTH_UNIT;
    }

    /**
     * Whether the current option has the length of an Ethernet address option, 8 bytes. Linux's ndisc_opt_addr_data()
     * takes a link-layer address option only when its length is exactly what the device's address needs, and the
     * message is dropped otherwise ("NS: invalid link-layer address length").
     */
    public boolean isEthernetAddressLength() {
        return byteLength() == ETHERNET_ADDRESS_OPTION_LENGTH;
    }

    /** The 48 bits of the Ethernet address of a link-layer address option (after {@link #isEthernetAddressLength}). */
    public long linkLayerAddress() {
        return MacAddress.readBits(buffer, offset + Field.LINK_LAYER_ADDRESS);
    }

    /**
     * Writes a link-layer address option for Ethernet at absolute {@code index}: {@code type}, Length 1 and the
     * 48-bit {@code address}. Moves no index.
     *
     * @return the index after the option
     */
    public static int writeEthernetAddress(ByteBuf buffer, int index, int type, long address) {
        buffer.setByte(index + Field.TYPE, type);
        buffer.setByte(index + Field.LENGTH, ETHERNET_ADDRESS_OPTION_LENGTH / LENGTH_UNIT);
        MacAddress.writeBits(buffer, index + Field.LINK_LAYER_ADDRESS, address);
        return index + ETHERNET_ADDRESS_OPTION_LENGTH;
    }

    /** {@code option 1 len 1}: what the cursor points at, for people. */
    @Override
    public String toString() {
        if (buffer == null) {
            return "NdpOption[unwrapped]";
        }
        return hasCurrent() && end - offset >= HEADER_LENGTH
                ? "NdpOption[type " + type() + ", length " + lengthUnits() + "]" : "NdpOption[end]";
    }
}
