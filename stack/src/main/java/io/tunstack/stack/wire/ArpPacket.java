package io.tunstack.stack.wire;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.address.MacAddress;
import io.tunstack.stack.verdict.DropReason;
import java.util.List;

/**
 * A view over an ARP packet (RFC 826) for Ethernet and IPv4 in a {@link ByteBuf}: one accessor and one setter per
 * field.
 *
 * <p>The view records the buffer, the packet's base index and the number of bytes read once, in {@link #wrap}, and
 * never moves the buffer's indices; it is reusable. Validation contract: {@link #wrap} checks nothing;
 * {@link #checkLength} checks that the 28 bytes of an Ethernet/IPv4 packet are there (as Linux's arp_rcv() pulls
 * {@code arp_hdr_len(dev)} bytes, sized by the device's address length, not by the packet's), after which no
 * accessor or setter can throw. The address lengths, types and operation are checked on meaning by the ARP
 * responder. Bytes after the 28 (Ethernet padding) are ignored.
 */
public final class ArpPacket {

    /*
     * RFC 826, "Packet format", the Ethernet packet data of an ARP packet:
     *
     *   16.bit: (ar$hrd) Hardware address space (e.g., Ethernet, Packet Radio Net.)
     *   16.bit: (ar$pro) Protocol address space.
     *    8.bit: (ar$hln) byte length of each hardware address
     *    8.bit: (ar$pln) byte length of each protocol address
     *   16.bit: (ar$op)  opcode (ares_op$REQUEST | ares_op$REPLY)
     *   nbytes: (ar$sha) Hardware address of sender of this packet, n from the ar$hln field.
     *   mbytes: (ar$spa) Protocol address of sender of this packet, m from the ar$pln field.
     *   nbytes: (ar$tha) Hardware address of target of this packet (if known).
     *   mbytes: (ar$tpa) Protocol address of target.
     *
     * For Ethernet (n = 6) and IPv4 (m = 4):
     *
     *   0                   1                   2                   3
     *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |         Hardware Type         |         Protocol Type         |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |  Hardware Len |  Protocol Len |           Operation           |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |                Sender Hardware Address (bytes 0-3)            |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  | Sender HW Addr (bytes 4-5)    | Sender Protocol Addr (0-1)    |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  | Sender Protocol Addr (2-3)    | Target HW Addr (bytes 0-1)    |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |                Target Hardware Address (bytes 2-5)            |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |                    Target Protocol Address                    |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     */

    /** Offsets of the fields from the start of the packet, in bytes, for hln 6 and pln 4. */
    private static final class Field {
        static final int HARDWARE_TYPE = 0;
        static final int PROTOCOL_TYPE = 2;
        static final int HARDWARE_LENGTH = 4;
        static final int PROTOCOL_LENGTH = 5;
        static final int OPERATION = 6;
        static final int SENDER_HARDWARE_ADDRESS = 8;
        static final int SENDER_PROTOCOL_ADDRESS = SENDER_HARDWARE_ADDRESS + MacAddress.LENGTH;
        static final int TARGET_HARDWARE_ADDRESS = SENDER_PROTOCOL_ADDRESS + Integer.BYTES;
        static final int TARGET_PROTOCOL_ADDRESS = TARGET_HARDWARE_ADDRESS + MacAddress.LENGTH;
        static final int END = TARGET_PROTOCOL_ADDRESS + Integer.BYTES;

        private Field() {
        }
    }

    /** The length of an ARP packet for Ethernet and IPv4: 8 + 2*(6+4) = 28 bytes. */
    public static final int LENGTH = Field.END;
    /** Hardware type Ethernet (10Mb), ares_hrd$Ethernet, from the IANA "Hardware Types" registry. */
    public static final int HARDWARE_ETHERNET = 1;
    /** Hardware type IEEE 802 networks, which Linux accepts beside Ethernet on an Ethernet device. */
    public static final int HARDWARE_IEEE802 = 6;
    /** The hardware address length of Ethernet: 6 bytes. */
    public static final int ETHERNET_ADDRESS_LENGTH = MacAddress.LENGTH;
    /** The protocol address length of IPv4: 4 bytes. */
    public static final int IPV4_ADDRESS_LENGTH = Integer.BYTES;
    /** ares_op$REQUEST. */
    public static final int OPERATION_REQUEST = 1;
    /** ares_op$REPLY. */
    public static final int OPERATION_REPLY = 2;

    /** ar$hrd. */
    public static final HeaderField HARDWARE_TYPE_FIELD = HeaderField.bytes("Hardware Type", Field.HARDWARE_TYPE,
            Field.PROTOCOL_TYPE - Field.HARDWARE_TYPE);
    /** ar$pro. */
    public static final HeaderField PROTOCOL_TYPE_FIELD = HeaderField.bytes("Protocol Type", Field.PROTOCOL_TYPE,
            Field.HARDWARE_LENGTH - Field.PROTOCOL_TYPE);
    /** ar$hln. */
    public static final HeaderField HARDWARE_LENGTH_FIELD = HeaderField.bytes("Hardware Address Length",
            Field.HARDWARE_LENGTH, Field.PROTOCOL_LENGTH - Field.HARDWARE_LENGTH);
    /** ar$pln. */
    public static final HeaderField PROTOCOL_LENGTH_FIELD = HeaderField.bytes("Protocol Address Length",
            Field.PROTOCOL_LENGTH, Field.OPERATION - Field.PROTOCOL_LENGTH);
    /** ar$op. */
    public static final HeaderField OPERATION_FIELD = HeaderField.bytes("Operation", Field.OPERATION,
            Field.SENDER_HARDWARE_ADDRESS - Field.OPERATION);
    /** ar$sha. */
    public static final HeaderField SENDER_HARDWARE_ADDRESS_FIELD = HeaderField.bytes("Sender Hardware Address",
            Field.SENDER_HARDWARE_ADDRESS, Field.SENDER_PROTOCOL_ADDRESS - Field.SENDER_HARDWARE_ADDRESS);
    /** ar$spa. */
    public static final HeaderField SENDER_PROTOCOL_ADDRESS_FIELD = HeaderField.bytes("Sender Protocol Address",
            Field.SENDER_PROTOCOL_ADDRESS, Field.TARGET_HARDWARE_ADDRESS - Field.SENDER_PROTOCOL_ADDRESS);
    /** ar$tha. */
    public static final HeaderField TARGET_HARDWARE_ADDRESS_FIELD = HeaderField.bytes("Target Hardware Address",
            Field.TARGET_HARDWARE_ADDRESS, Field.TARGET_PROTOCOL_ADDRESS - Field.TARGET_HARDWARE_ADDRESS);
    /** ar$tpa. */
    public static final HeaderField TARGET_PROTOCOL_ADDRESS_FIELD = HeaderField.bytes("Target Protocol Address",
            Field.TARGET_PROTOCOL_ADDRESS, Field.END - Field.TARGET_PROTOCOL_ADDRESS);
    /** The fields in packet order. */
    public static final List<HeaderField> FIELDS = List.of(HARDWARE_TYPE_FIELD, PROTOCOL_TYPE_FIELD,
            HARDWARE_LENGTH_FIELD, PROTOCOL_LENGTH_FIELD, OPERATION_FIELD, SENDER_HARDWARE_ADDRESS_FIELD,
            SENDER_PROTOCOL_ADDRESS_FIELD, TARGET_HARDWARE_ADDRESS_FIELD, TARGET_PROTOCOL_ADDRESS_FIELD);

    private ByteBuf buffer;
    private int base;
    private int bytesRead;

    /** An empty view; {@link #wrap} it before use. */
    public ArpPacket() {
    }

    /** A new view over the readable bytes of {@code buffer}; see {@link #wrap(ByteBuf)}. */
    public static ArpPacket newUnchecked(ByteBuf buffer) {
        return new ArpPacket().wrap(buffer);
    }

    /** Points this view at the readable bytes of {@code buffer}: base is its reader index. Checks nothing. */
    public ArpPacket wrap(ByteBuf buffer) {
        return wrap(buffer, buffer.readerIndex(), buffer.readableBytes());
    }

    /** Points this view at {@code bytesRead} bytes of {@code buffer} from absolute index {@code base}. */
    public ArpPacket wrap(ByteBuf buffer, int base, int bytesRead) {
        this.buffer = buffer;
        this.base = base;
        this.bytesRead = bytesRead;
        return this;
    }

    /** {@code null} when the 28 bytes of Ethernet/IPv4 ARP are there, else {@link DropReason#ARP_TRUNCATED}. */
    public DropReason checkLength() {
        return bytesRead < LENGTH ? DropReason.ARP_TRUNCATED : null;
    }

    /** The buffer this view reads. */
    public ByteBuf buffer() {
        return buffer;
    }

    /** The absolute index of the packet's first byte. */
    public int base() {
        return base;
    }

    /** How many bytes were read from {@link #base()} (the packet and any Ethernet padding). */
    public int bytesRead() {
        return bytesRead;
    }

    /** ar$hrd, the hardware address space: {@link #HARDWARE_ETHERNET} on Ethernet. */
    public int hardwareType() {
        return buffer.getUnsignedShort(base + Field.HARDWARE_TYPE);
    }

    /** ar$pro, the protocol address space, an EtherType: {@link EtherType#IPV4}. */
    public int protocolType() {
        return buffer.getUnsignedShort(base + Field.PROTOCOL_TYPE);
    }

    /** ar$hln, the length of each hardware address: 6 for Ethernet. */
    public int hardwareLength() {
        return buffer.getUnsignedByte(base + Field.HARDWARE_LENGTH);
    }

    /** ar$pln, the length of each protocol address: 4 for IPv4. */
    public int protocolLength() {
        return buffer.getUnsignedByte(base + Field.PROTOCOL_LENGTH);
    }

    /** ar$op: {@link #OPERATION_REQUEST} or {@link #OPERATION_REPLY}. */
    public int operation() {
        return buffer.getUnsignedShort(base + Field.OPERATION);
    }

    /** ar$sha, the sender's hardware address, its 48 bits. */
    public long senderHardwareAddress() {
        return MacAddress.readBits(buffer, base + Field.SENDER_HARDWARE_ADDRESS);
    }

    /** ar$spa, the sender's IPv4 address, as an int. */
    public int senderProtocolAddress() {
        return buffer.getInt(base + Field.SENDER_PROTOCOL_ADDRESS);
    }

    /** ar$tha, the target's hardware address (in a request: unknown, zeros or anything), its 48 bits. */
    public long targetHardwareAddress() {
        return MacAddress.readBits(buffer, base + Field.TARGET_HARDWARE_ADDRESS);
    }

    /** ar$tpa, the target's IPv4 address, as an int. */
    public int targetProtocolAddress() {
        return buffer.getInt(base + Field.TARGET_PROTOCOL_ADDRESS);
    }

    /** Sets ar$hrd. */
    public void setHardwareType(int hardwareType) {
        buffer.setShort(base + Field.HARDWARE_TYPE, hardwareType);
    }

    /** Sets ar$pro. */
    public void setProtocolType(int protocolType) {
        buffer.setShort(base + Field.PROTOCOL_TYPE, protocolType);
    }

    /** Sets ar$hln. */
    public void setHardwareLength(int hardwareLength) {
        buffer.setByte(base + Field.HARDWARE_LENGTH, hardwareLength);
    }

    /** Sets ar$pln. */
    public void setProtocolLength(int protocolLength) {
        buffer.setByte(base + Field.PROTOCOL_LENGTH, protocolLength);
    }

    /** Sets ar$op. */
    public void setOperation(int operation) {
        buffer.setShort(base + Field.OPERATION, operation);
    }

    /** Sets ar$sha to the 48 bits {@code mac}. */
    public void setSenderHardwareAddress(long mac) {
        MacAddress.writeBits(buffer, base + Field.SENDER_HARDWARE_ADDRESS, mac);
    }

    /** Sets ar$spa. */
    public void setSenderProtocolAddress(int address) {
        buffer.setInt(base + Field.SENDER_PROTOCOL_ADDRESS, address);
    }

    /** Sets ar$tha to the 48 bits {@code mac}. */
    public void setTargetHardwareAddress(long mac) {
        MacAddress.writeBits(buffer, base + Field.TARGET_HARDWARE_ADDRESS, mac);
    }

    /** Sets ar$tpa. */
    public void setTargetProtocolAddress(int address) {
        buffer.setInt(base + Field.TARGET_PROTOCOL_ADDRESS, address);
    }

    /**
     * Writes the fixed part for Ethernet and IPv4 (hardware type Ethernet, protocol IPv4, lengths 6 and 4) and
     * {@code operation}; the four addresses are the caller's.
     */
    public void setEthernetIpv4(int operation) {
        setHardwareType(HARDWARE_ETHERNET);
        setProtocolType(EtherType.IPV4);
        setHardwareLength(ETHERNET_ADDRESS_LENGTH);
        setProtocolLength(IPV4_ADDRESS_LENGTH);
        setOperation(operation);
    }

    /**
     * One line in tcpdump's shape: {@code ARP, Request who-has 172.21.22.26 tell 172.21.22.23, length 28},
     * {@code ARP, Reply 172.21.22.26 is-at 02:54:ac:15:16:1a, length 28}; anything but Ethernet/IPv4 requests and
     * replies is named by its fields. Never throws.
     */
    public String summary() {
        DropReason malformed = checkLength();
        if (malformed != null) {
            return "ARP malformed (" + malformed.label() + "), length " + bytesRead;
        }
        if (hardwareLength() != ETHERNET_ADDRESS_LENGTH || protocolLength() != IPV4_ADDRESS_LENGTH
                || protocolType() != EtherType.IPV4) {
            return "ARP, hardware type " + hardwareType() + ", protocol type 0x" + Integer.toHexString(protocolType())
                    + ", lengths " + hardwareLength() + "/" + protocolLength() + ", operation " + operation()
                    + ", length " + bytesRead;
        }
        switch (operation()) {
            case OPERATION_REQUEST:
                return "ARP, Request who-has " + Ipv4Address.format(targetProtocolAddress()) + " tell "
                        + Ipv4Address.format(senderProtocolAddress()) + ", length " + bytesRead;
            case OPERATION_REPLY:
                return "ARP, Reply " + Ipv4Address.format(senderProtocolAddress()) + " is-at "
                        + MacAddress.format(senderHardwareAddress()) + ", length " + bytesRead;
            default:
                return "ARP, Unknown operation (" + operation() + "), length " + bytesRead;
        }
    }

    @Override
    public String toString() {
        return buffer == null ? "ArpPacket[unwrapped]" : "ArpPacket[" + summary() + "]";
    }
}
