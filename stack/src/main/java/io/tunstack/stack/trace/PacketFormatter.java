package io.tunstack.stack.trace;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.wire.Icmpv4Packet;
import io.tunstack.stack.wire.Icmpv4Type;
import io.tunstack.stack.wire.IpProtocol;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.wire.Ipv4Packet;

/**
 * One-line summaries of raw IP packets in the shape tcpdump prints, for {@code --trace}:
 *
 * <pre>
 * IP 172.21.22.23 > 172.21.22.26: ICMP echo request, id 11, seq 1, length 64
 * IP 10.0.0.1.40000 > 10.0.0.2.53: UDP, length 32
 * IP6 fe80::1 > ff02::2: ICMP6, router solicitation, length 8
 * </pre>
 *
 * <p>Never throws, whatever the bytes: a packet too short for what it declares is summarized as far as it can be,
 * with the check that failed ({@link DropReason#label()}). Never moves the buffer's indices.
 */
public final class PacketFormatter {

    /*
     * IPv6 fixed header (RFC 8200 section 3), only read for summaries (tunstack does not process IPv6):
     *
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |Version| Traffic Class |           Flow Label                  |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |         Payload Length        |  Next Header  |   Hop Limit   |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |                 Source Address (128 bits)                     |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |              Destination Address (128 bits)                   |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     */
    private static final class Ipv6Field {
        static final int PAYLOAD_LENGTH = 4;
        static final int NEXT_HEADER = 6;
        static final int SOURCE_ADDRESS = 8;
        static final int DESTINATION_ADDRESS = 24;
        static final int HEADER_LENGTH = 40;

        private Ipv6Field() {
        }
    }

    /** Hop-by-Hop Options (RFC 8200 4.3): the kernel's MLD reports carry one before ICMPv6. */
    private static final int IPV6_HOP_BY_HOP = 0;
    private static final int ICMPV6_HEADER_LENGTH = 4;
    /** UDP and TCP both begin with the source port and the destination port (RFC 768, RFC 9293). */
    private static final int SOURCE_PORT = 0;
    private static final int DESTINATION_PORT = 2;
    /** UDP header (RFC 768): source port, destination port, length, checksum. */
    private static final int UDP_HEADER_LENGTH = 8;
    private static final int UDP_LENGTH = 4;
    /** TCP header (RFC 9293): Data Offset in the upper nibble of byte 12, flags in byte 13. */
    private static final int TCP_MIN_HEADER_LENGTH = 20;
    private static final int TCP_DATA_OFFSET = 12;
    private static final int TCP_FLAGS = 13;

    private PacketFormatter() {
    }

    /** The summary of the readable bytes of {@code packet}. */
    public static String summary(ByteBuf packet) {
        int length = packet.readableBytes();
        if (length == 0) {
            return "empty packet";
        }
        int version = packet.getUnsignedByte(packet.readerIndex()) >>> 4;
        if (version == Ipv4Packet.VERSION) {
            return ipv4(Ipv4Packet.newUnchecked(packet));
        }
        if (version == 6) {
            return ipv6(packet, packet.readerIndex(), length);
        }
        return "not IP: version nibble " + version + ", length " + length;
    }

    private static String ipv4(Ipv4Packet ip) {
        DropReason malformed = ip.checkLength();
        if (malformed != null) {
            return "IP malformed (" + malformed.label() + "), length " + ip.bytesRead();
        }
        String source = Ipv4Address.format(ip.sourceAddress());
        String destination = Ipv4Address.format(ip.destinationAddress());
        String fragment = fragment(ip);
        if (ip.fragmentOffset() != 0) {
            // Only the first fragment carries the transport header.
            return "IP " + source + " > " + destination + ": " + IpProtocol.name(ip.protocol()) + fragment;
        }
        ByteBuf buffer = ip.buffer();
        int payload = ip.payloadOffset();
        int payloadLength = ip.payloadLength();
        switch (ip.protocol()) {
            case IpProtocol.ICMP:
                return "IP " + source + " > " + destination + ": "
                        + icmp(new Icmpv4Packet().wrap(buffer, payload, payloadLength)) + fragment;
            case IpProtocol.UDP:
                if (payloadLength >= UDP_HEADER_LENGTH) {
                    return "IP " + ports(source, destination, buffer, payload) + ": UDP, length "
                            + Math.max(buffer.getUnsignedShort(payload + UDP_LENGTH) - UDP_HEADER_LENGTH, 0) + fragment;
                }
                break;
            case IpProtocol.TCP:
                if (payloadLength >= TCP_MIN_HEADER_LENGTH) {
                    int headerLength = (buffer.getUnsignedByte(payload + TCP_DATA_OFFSET) >>> 4) * 4;
                    return "IP " + ports(source, destination, buffer, payload) + ": Flags ["
                            + tcpFlags(buffer.getUnsignedByte(payload + TCP_FLAGS)) + "], length "
                            + Math.max(payloadLength - headerLength, 0) + fragment;
                }
                break;
            default:
                break;
        }
        return "IP " + source + " > " + destination + ": " + protocolName(ip.protocol()) + ", length "
                + payloadLength + fragment;
    }

    /** tcpdump's {@code address.port > address.port}. */
    private static String ports(String source, String destination, ByteBuf buffer, int transport) {
        return source + "." + buffer.getUnsignedShort(transport + SOURCE_PORT) + " > " + destination + "."
                + buffer.getUnsignedShort(transport + DESTINATION_PORT);
    }

    private static String icmp(Icmpv4Packet icmp) {
        if (icmp.checkLength() != null) {
            return "ICMP truncated (" + icmp.checkLength().label() + "), length " + icmp.length();
        }
        int type = icmp.type();
        if (type == Icmpv4Type.ECHO_REQUEST || type == Icmpv4Type.ECHO_REPLY) {
            return "ICMP " + typeName(type) + ", id " + icmp.identifier() + ", seq " + icmp.sequenceNumber()
                    + ", length " + icmp.length();
        }
        return "ICMP " + typeName(type) + ", code " + icmp.code() + ", length " + icmp.length();
    }

    /** The ICMP type as words: {@code echo request}, {@code destination unreachable}, {@code type 42}. */
    static String typeName(int type) {
        return Icmpv4Type.name(type).replace('-', ' ');
    }

    private static String protocolName(int protocol) {
        String name = IpProtocol.name(protocol);
        return Character.isDigit(name.charAt(0)) ? "ip-proto-" + name : name;
    }

    private static String fragment(Ipv4Packet ip) {
        if (!ip.isFragment()) {
            return "";
        }
        return " (frag " + ip.identification() + ":" + ip.payloadLength() + "@" + ip.fragmentOffsetBytes()
                + (ip.moreFragments() ? "+" : "") + ")";
    }

    /** tcpdump's flag letters: S SYN, F FIN, R RST, P PSH, U URG, and "." for ACK; "none" when no flag is set. */
    private static String tcpFlags(int flags) {
        StringBuilder text = new StringBuilder(6);
        appendIf(text, flags & 0x02, 'S');
        appendIf(text, flags & 0x01, 'F');
        appendIf(text, flags & 0x04, 'R');
        appendIf(text, flags & 0x08, 'P');
        appendIf(text, flags & 0x20, 'U');
        appendIf(text, flags & 0x10, '.');
        return text.length() == 0 ? "none" : text.toString();
    }

    private static void appendIf(StringBuilder text, int bit, char letter) {
        if (bit != 0) {
            text.append(letter);
        }
    }

    private static String ipv6(ByteBuf buffer, int base, int length) {
        if (length < Ipv6Field.HEADER_LENGTH) {
            return "IP6 truncated, length " + length;
        }
        String addresses = "IP6 " + Ipv6Text.format(buffer, base + Ipv6Field.SOURCE_ADDRESS) + " > "
                + Ipv6Text.format(buffer, base + Ipv6Field.DESTINATION_ADDRESS) + ": ";
        int payloadLength = buffer.getUnsignedShort(base + Ipv6Field.PAYLOAD_LENGTH);
        int nextHeader = buffer.getUnsignedByte(base + Ipv6Field.NEXT_HEADER);
        int next = base + Ipv6Field.HEADER_LENGTH;
        int end = base + length;
        String prefix = "";
        if (nextHeader == IPV6_HOP_BY_HOP && next + 2 <= end) {
            // Hdr Ext Len: "Length of the Hop-by-Hop Options header in 8-octet units, not including the first 8".
            prefix = "HBH ";
            nextHeader = buffer.getUnsignedByte(next);
            int headerLength = (buffer.getUnsignedByte(next + 1) + 1) * 8;
            next += headerLength;
            payloadLength -= headerLength;
        }
        if (nextHeader == IpProtocol.ICMPV6 && next + ICMPV6_HEADER_LENGTH <= end) {
            return addresses + prefix + "ICMP6, " + icmpv6TypeName(buffer.getUnsignedByte(next)) + ", length "
                    + Math.max(payloadLength, 0);
        }
        return addresses + prefix + protocolName(nextHeader) + ", length " + Math.max(payloadLength, 0);
    }

    /** RFC 4443 and RFC 4861 types, the ones a fresh TUN device sees; others by number. */
    private static String icmpv6TypeName(int type) {
        switch (type) {
            case 1:
                return "destination unreachable";
            case 128:
                return "echo request";
            case 129:
                return "echo reply";
            case 133:
                return "router solicitation";
            case 134:
                return "router advertisement";
            case 135:
                return "neighbor solicitation";
            case 136:
                return "neighbor advertisement";
            case 143:
                return "multicast listener report v2";
            default:
                return "type " + type;
        }
    }
}
