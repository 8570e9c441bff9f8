package io.tunstack.stack.wire;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.address.Ipv6Address;
import io.tunstack.stack.verdict.DropReason;
import java.util.List;

/**
 * A view over a Neighbor Solicitation or a Neighbor Advertisement (RFC 4861 4.3 and 4.4), the two messages of
 * neighbor discovery that share one layout: the ICMPv6 header, a 32-bit word (Reserved in a solicitation, the R, S
 * and O flags in an advertisement), the Target Address, then options ({@link NdpOption}).
 *
 * <p>The checksum covers the IPv6 pseudo-header as for every ICMPv6 message ({@link Icmpv6Packet}). The same contract
 * as {@link Ipv4Packet}: {@link #wrap} checks nothing and never moves the buffer's indices; after {@link #checkLength}
 * returned {@code null}, no accessor or setter can throw. The view is reusable.
 */
public final class NeighborMessage {

    /*
     * RFC 4861 section 4.3, Neighbor Solicitation Message Format:
     *
     *   0                   1                   2                   3
     *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |     Type      |     Code      |          Checksum             |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |                           Reserved                            |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |                                                               |
     *  +                                                               +
     *  |                                                               |
     *  +                       Target Address                          +
     *  |                                                               |
     *  +                                                               +
     *  |                                                               |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |   Options ...
     *  +-+-+-+-+-+-+-+-+-+-+-+-
     *
     * Section 4.4, Neighbor Advertisement Message Format, is the same but for the second word:
     *
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |R|S|O|                     Reserved                            |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *
     * "R Router flag. When set, the R-bit indicates that the sender is a router." "S Solicited flag. When set, the
     * S-bit indicates that the advertisement was sent in response to a Neighbor Solicitation from the Destination
     * address." "O Override flag. When set, the O-bit indicates that the advertisement should override an existing
     * cache entry and update the cached link-layer address." Reserved: "MUST be initialized to zero by the sender and
     * MUST be ignored by the receiver." Target Address: "The IP address of the target of the solicitation. It MUST
     * NOT be a multicast address." (4.3); in an advertisement, the address whose link-layer address is advertised.
     */

    /** Offsets of the fields from the start of the ICMPv6 message, in bytes; the first word is every ICMPv6 one. */
    private static final class Field {
        static final int TYPE = Icmpv6Packet.TYPE_FIELD.byteOffset();
        static final int CODE = Icmpv6Packet.CODE_FIELD.byteOffset();
        static final int CHECKSUM = Icmpv6Packet.CHECKSUM_FIELD.byteOffset();
        static final int FLAGS_RESERVED = Icmpv6Packet.CHECKSUM_FIELD.byteEnd();
        static final int TARGET_ADDRESS = 8;
        static final int OPTIONS = 24;

        private Field() {
        }
    }

    /**
     * The message without options: 24 bytes, the "ICMP length (derived from the IP length) is 24 or more octets" of
     * RFC 4861 7.1.1 and 7.1.2 (Linux: sizeof(struct nd_msg)).
     */
    public static final int LENGTH = Field.OPTIONS;

    private static final int ADDRESS_LENGTH = Field.OPTIONS - Field.TARGET_ADDRESS;
    private static final int ROUTER = 0x8000_0000;
    private static final int SOLICITED = 0x4000_0000;
    private static final int OVERRIDE = 0x2000_0000;
    private static final int FLAG_BITS = 3;
    private static final int WORD_BITS = Integer.SIZE;

    /** Type: 135 (solicitation) or 136 (advertisement). */
    public static final HeaderField TYPE_FIELD = Icmpv6Packet.TYPE_FIELD;
    /** Code: 0. */
    public static final HeaderField CODE_FIELD = Icmpv6Packet.CODE_FIELD;
    /** Checksum. */
    public static final HeaderField CHECKSUM_FIELD = Icmpv6Packet.CHECKSUM_FIELD;
    /** Reserved, the whole second word of a solicitation. */
    public static final HeaderField SOLICITATION_RESERVED_FIELD =
            HeaderField.bytes("Reserved", Field.FLAGS_RESERVED, Field.TARGET_ADDRESS - Field.FLAGS_RESERVED);
    /** R, the Router flag of an advertisement. */
    public static final HeaderField ROUTER_FIELD = HeaderField.bits("R", Field.FLAGS_RESERVED, 0, 1);
    /** S, the Solicited flag of an advertisement. */
    public static final HeaderField SOLICITED_FIELD = HeaderField.bits("S", Field.FLAGS_RESERVED, 1, 1);
    /** O, the Override flag of an advertisement. */
    public static final HeaderField OVERRIDE_FIELD = HeaderField.bits("O", Field.FLAGS_RESERVED, 2, 1);
    /** Reserved, the 29 bits after the flags of an advertisement. */
    public static final HeaderField ADVERTISEMENT_RESERVED_FIELD =
            HeaderField.bits("Reserved", Field.FLAGS_RESERVED, FLAG_BITS, WORD_BITS - FLAG_BITS);
    /** Target Address. */
    public static final HeaderField TARGET_ADDRESS_FIELD =
            HeaderField.bytes("Target Address", Field.TARGET_ADDRESS, ADDRESS_LENGTH);
    /** The fixed fields of a Neighbor Solicitation, in header order. */
    public static final List<HeaderField> SOLICITATION_FIELDS =
            List.of(TYPE_FIELD, CODE_FIELD, CHECKSUM_FIELD, SOLICITATION_RESERVED_FIELD, TARGET_ADDRESS_FIELD);
    /** The fixed fields of a Neighbor Advertisement, in header order. */
    public static final List<HeaderField> ADVERTISEMENT_FIELDS = List.of(TYPE_FIELD, CODE_FIELD, CHECKSUM_FIELD,
            ROUTER_FIELD, SOLICITED_FIELD, OVERRIDE_FIELD, ADVERTISEMENT_RESERVED_FIELD, TARGET_ADDRESS_FIELD);

    private ByteBuf buffer;
    private int base;
    private int length;

    /** An empty view; {@link #wrap} it before use. */
    public NeighborMessage() {
    }

    /**
     * Points this view at the ICMPv6 message of {@code length} bytes (the upper-layer packet length, options included)
     * at absolute index {@code base}. Checks nothing.
     */
    public NeighborMessage wrap(ByteBuf buffer, int base, int length) {
        this.buffer = buffer;
        this.base = base;
        this.length = length;
        return this;
    }

    /**
     * Checks that the message holds the 24 bytes before the options (RFC 4861 7.1.1 and 7.1.2: "ICMP length (derived
     * from the IP length) is 24 or more octets").
     *
     * @return {@code null} when every accessor is safe, otherwise {@link DropReason#NDP_TRUNCATED}
     */
    public DropReason checkLength() {
        return length < LENGTH ? DropReason.NDP_TRUNCATED : null;
    }

    /** The buffer this view reads. */
    public ByteBuf buffer() {
        return buffer;
    }

    /** The absolute index of the Type byte. */
    public int base() {
        return base;
    }

    /** The length of the whole message in bytes, options included. */
    public int length() {
        return length;
    }

    /** The absolute index just after the message: {@code base() + length()}. */
    public int end() {
        return base + length;
    }

    /** Type: {@link Icmpv6Type#NEIGHBOR_SOLICITATION} or {@link Icmpv6Type#NEIGHBOR_ADVERTISEMENT}. */
    public int type() {
        return buffer.getUnsignedByte(base + Field.TYPE);
    }

    /** Code: 0. */
    public int code() {
        return buffer.getUnsignedByte(base + Field.CODE);
    }

    /** Checksum as stored. */
    public int checksum() {
        return buffer.getUnsignedShort(base + Field.CHECKSUM);
    }

    /** Whether the checksum over the pseudo-header (partial sum {@code pseudoHeaderSum}) and the message is valid. */
    public boolean verifyChecksum(int pseudoHeaderSum) {
        return Checksum.isValid(buffer, base, length, pseudoHeaderSum);
    }

    /** The second word, flags and Reserved together. */
    public int flagsAndReserved() {
        return buffer.getInt(base + Field.FLAGS_RESERVED);
    }

    /** R (advertisement): the sender is a router. */
    public boolean router() {
        return (flagsAndReserved() & ROUTER) != 0;
    }

    /** S (advertisement): the answer to a solicitation from the destination. */
    public boolean solicited() {
        return (flagsAndReserved() & SOLICITED) != 0;
    }

    /** O (advertisement): the advertised link-layer address replaces a cached one. */
    public boolean override() {
        return (flagsAndReserved() & OVERRIDE) != 0;
    }

    /** The upper 64 bits of Target Address. */
    public long targetHigh() {
        return buffer.getLong(base + Field.TARGET_ADDRESS);
    }

    /** The lower 64 bits of Target Address. */
    public long targetLow() {
        return buffer.getLong(base + Field.TARGET_ADDRESS + Long.BYTES);
    }

    /** The absolute index of the first option (the end of the message when there is none). */
    public int optionsOffset() {
        return base + Field.OPTIONS;
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

    /**
     * Sets the second word to the three flags and a zero Reserved ("MUST be initialized to zero by the sender"); a
     * solicitation passes three {@code false}.
     */
    public void setFlags(boolean router, boolean solicited, boolean override) {
        int word = (router ? ROUTER : 0) | (solicited ? SOLICITED : 0) | (override ? OVERRIDE : 0);
        buffer.setInt(base + Field.FLAGS_RESERVED, word);
    }

    /** Sets Target Address from its upper and lower 64 bits. */
    public void setTarget(long high, long low) {
        buffer.setLong(base + Field.TARGET_ADDRESS, high);
        buffer.setLong(base + Field.TARGET_ADDRESS + Long.BYTES, low);
    }

    /** Computes the checksum over the pseudo-header (partial sum {@code pseudoHeaderSum}) and the message; stores it. */
    public void fillChecksum(int pseudoHeaderSum) {
        setChecksum(0);
        setChecksum(Checksum.compute(buffer, base, length, pseudoHeaderSum));
    }

    /**
     * One line for this layer, in tcpdump's shape: {@code ICMP6, neighbor solicitation, who has fd00:172:21:22::26,
     * length 32} or {@code ICMP6, neighbor advertisement, tgt is fd00:172:21:22::26, Flags [solicited, override],
     * length 32}; a message that fails {@link #checkLength()} is named with the check's label. Never throws.
     */
    public String summary() {
        DropReason malformed = checkLength();
        if (malformed != null) {
            return "ICMP6 truncated (" + malformed.label() + "), length " + length;
        }
        String target = Ipv6Address.format(targetHigh(), targetLow());
        if (type() == Icmpv6Type.NEIGHBOR_ADVERTISEMENT) {
            StringBuilder flags = new StringBuilder();
            appendFlag(flags, router(), "router");
            appendFlag(flags, solicited(), "solicited");
            appendFlag(flags, override(), "override");
            return "ICMP6, neighbor advertisement, tgt is " + target + ", Flags [" + flags + "], length " + length;
        }
        return "ICMP6, neighbor solicitation, who has " + target + ", length " + length;
    }

    private static void appendFlag(StringBuilder flags, boolean set, String name) {
        if (set) {
            flags.append(flags.length() == 0 ? "" : ", ").append(name);
        }
    }

    @Override
    public String toString() {
        return buffer == null ? "NeighborMessage[unwrapped]" : "NeighborMessage[" + summary() + "]";
    }
}
