package io.tunstack.stack.trace;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.wire.Icmpv4Packet;
import io.tunstack.stack.wire.Icmpv4Type;
import io.tunstack.stack.wire.Icmpv6Packet;
import io.tunstack.stack.wire.Icmpv6Type;
import io.tunstack.stack.wire.IpProtocol;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.wire.Ipv4Packet;
import io.tunstack.stack.address.Ipv6Address;
import io.tunstack.stack.wire.Ipv6ExtensionHeader;
import io.tunstack.stack.wire.Ipv6FragmentHeader;
import io.tunstack.stack.wire.Ipv6Packet;
import io.tunstack.stack.wire.Ipv6RoutingHeader;
import io.tunstack.stack.wire.TcpPacket;
import io.tunstack.stack.wire.UdpPacket;

/**
 * One-line summaries of raw IP packets in the shape tcpdump prints, for {@code --trace}:
 *
 * <pre>
 * IP 172.21.22.23 > 172.21.22.26: ICMP echo request, id 11, seq 1, length 64
 * IP 10.0.0.1.40000 > 10.0.0.2.53: UDP, length 32
 * IP 10.0.0.1.38224 > 10.0.0.2.80: Flags [S], seq 1543633865, win 64240, options [mss 1460,nop,wscale 10], length 0
 * IP 10.0.0.2.80 > 10.0.0.1.38224: Flags [R.], seq 0, ack 1543633866, win 0, length 0
 * IP 10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 udp port 33434 unreachable, length 68
 * IP6 fd00:172:21:22::23 > fd00:172:21:22::26: frag (0|1448) ICMP6, echo request, id 4662, seq 1, length 1448
 * IP6 fe80::1 > ff02::16: HBH ICMP6, multicast listener report v2, length 28
 * IP6 fe80::ff:fe15:16c8 > ff02::1:ff00:26: ICMP6, neighbor solicitation, who has fd00:172:21:22::26, source link-address 02:00:ac:15:16:c8, length 32
 * </pre>
 *
 * <p>A line is composed of the wire views' own {@code summary()}s, one per layer; this class knows no offset. Never
 * throws, whatever the bytes: a packet too short for what it declares is summarized as far as it can be, with the
 * check that failed ({@link DropReason#label()}). Never moves the buffer's indices.
 */
public final class PacketFormatter {

    /** RFC 792, Destination Unreachable: "2 = protocol unreachable". */
    private static final int PROTOCOL_UNREACHABLE = 2;
    /** RFC 792, Destination Unreachable: "3 = port unreachable". */
    private static final int PORT_UNREACHABLE = 3;

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
        if (version == Ipv6Packet.VERSION) {
            return ipv6(Ipv6Packet.newUnchecked(packet));
        }
        return "not IP: version nibble " + version + ", length " + length;
    }

    private static String ipv4(Ipv4Packet ip) {
        if (ip.checkLength() != null || ip.fragmentOffset() != 0) {
            // Only the first fragment carries the transport header.
            return ip.summary();
        }
        String transport = transport(ip.protocol(), ip.buffer(), ip.payloadOffset(), ip.payloadLength(), false);
        if (transport == null) {
            return ip.summary();
        }
        if (ip.protocol() == IpProtocol.ICMP) {
            String unreachable = ipv4Unreachable(new Icmpv4Packet().wrap(ip.buffer(), ip.payloadOffset(),
                    ip.payloadLength()));
            return ip.addressSummary() + (unreachable == null ? transport : unreachable) + ip.fragmentSummary();
        }
        String source = Ipv4Address.format(ip.sourceAddress());
        String destination = Ipv4Address.format(ip.destinationAddress());
        return "IP " + ports(source, destination, ip.protocol(), ip.buffer(), ip.payloadOffset(), ip.payloadLength())
                + transport + ip.fragmentSummary();
    }

    /**
     * The IPv6 header chain as tcpdump shows it: each extension header's short form, then the upper layer. A later
     * fragment ends the chain: only the first fragment carries the upper-layer header.
     */
    private static String ipv6(Ipv6Packet ip) {
        if (ip.checkLength() != null) {
            return ip.summary();
        }
        StringBuilder chain = new StringBuilder(32);
        int nextHeader = ip.nextHeader();
        int index = ip.payloadOffset();
        int end = ip.end();
        while (true) {
            if (nextHeader == IpProtocol.HOP_BY_HOP || nextHeader == IpProtocol.IPV6_DESTINATION_OPTIONS) {
                Ipv6ExtensionHeader header = new Ipv6ExtensionHeader().wrap(ip.buffer(), index, end - index);
                if (header.checkLength() != null) {
                    return ip.addressSummary() + chain + header.summary();
                }
                chain.append(nextHeader == IpProtocol.HOP_BY_HOP ? "HBH " : "DSTOPT ");
                nextHeader = header.nextHeader();
                index = header.end();
            } else if (nextHeader == IpProtocol.IPV6_ROUTING) {
                Ipv6RoutingHeader header = new Ipv6RoutingHeader().wrap(ip.buffer(), index, end - index);
                chain.append(header.summary()).append(' ');
                if (header.checkLength() != null) {
                    return ip.addressSummary() + chain.toString().trim();
                }
                nextHeader = header.nextHeader();
                index = header.header().end();
            } else if (nextHeader == IpProtocol.IPV6_FRAGMENT) {
                Ipv6FragmentHeader header = new Ipv6FragmentHeader().wrap(ip.buffer(), index, end - index);
                chain.append(header.summary());
                if (header.checkLength() != null || header.fragmentOffset() != 0) {
                    return ip.addressSummary() + chain;
                }
                chain.append(' ');
                nextHeader = header.nextHeader();
                index = header.dataOffset();
            } else {
                break;
            }
        }
        String transport = transport(nextHeader, ip.buffer(), index, end - index, true);
        if (transport == null) {
            return ip.addressSummary() + chain + IpProtocol.summaryName(nextHeader) + ", length " + (end - index);
        }
        if (nextHeader == IpProtocol.ICMPV6) {
            String quoted = ipv6PortUnreachable(new Icmpv6Packet().wrap(ip.buffer(), index, end - index));
            if (quoted != null) {
                int lengthText = transport.lastIndexOf(", length ");
                transport = transport.substring(0, lengthText) + quoted + transport.substring(lengthText);
            }
            return ip.addressSummary() + chain + transport;
        }
        String source = Ipv6Address.format(ip.sourceHigh(), ip.sourceLow());
        String destination = Ipv6Address.format(ip.destinationHigh(), ip.destinationLow());
        return "IP6 " + ports(source, destination, nextHeader, ip.buffer(), index, end - index) + chain + transport;
    }

    /**
     * The upper layer's summary, or {@code null} when the protocol is not one with a view or its header is cut
     * short (the caller then names the protocol and the length, as tcpdump does).
     */
    private static String transport(int protocol, ByteBuf buffer, int index, int length, boolean ipv6) {
        switch (protocol) {
            case IpProtocol.ICMP:
                return ipv6 ? null : new Icmpv4Packet().wrap(buffer, index, length).summary();
            case IpProtocol.ICMPV6: {
                if (!ipv6) {
                    return null;
                }
                Icmpv6Packet icmp = new Icmpv6Packet().wrap(buffer, index, length);
                return icmp.checkLength() == null && NdpText.isNeighborMessage(icmp.type())
                        ? NdpText.summary(buffer, index, length) : icmp.summary();
            }
            case IpProtocol.UDP: {
                UdpPacket udp = new UdpPacket().wrap(buffer, index, length);
                return length >= UdpPacket.HEADER_LENGTH ? udp.summary() : null;
            }
            case IpProtocol.TCP: {
                TcpPacket tcp = new TcpPacket().wrap(buffer, index, length);
                return length >= TcpPacket.MIN_HEADER_LENGTH ? tcp(tcp) : null;
            }
            default:
                return null;
        }
    }

    /**
     * A TCP segment as tcpdump prints it with {@code -S} (absolute sequence numbers): the flags, the sequence number
     * (with the end of the data, when there is data) when the segment has data, SYN, FIN or RST, the acknowledgment
     * when ACK is set, the window, the urgent pointer when URG is set, the options, and the data length.
     */
    private static String tcp(TcpPacket tcp) {
        if (tcp.checkLength() != null) {
            return tcp.summary();
        }
        int flags = tcp.flags();
        int data = tcp.dataLength();
        StringBuilder text = new StringBuilder(96).append("Flags [").append(TcpPacket.flagLetters(flags)).append(']');
        if (data > 0 || (flags & (TcpPacket.SYN | TcpPacket.FIN | TcpPacket.RST)) != 0) {
            text.append(", seq ").append(tcp.sequenceNumber());
            if (data > 0) {
                text.append(':').append((tcp.sequenceNumber() + data) & 0xFFFF_FFFFL);
            }
        }
        if ((flags & TcpPacket.ACK) != 0) {
            text.append(", ack ").append(tcp.acknowledgmentNumber());
        }
        text.append(", win ").append(tcp.window());
        if ((flags & TcpPacket.URG) != 0) {
            text.append(", urg ").append(tcp.urgentPointer());
        }
        String options = TcpOptionText.brief(tcp);
        if (options != null) {
            text.append(", options [").append(options).append(']');
        }
        return text.append(", length ").append(data).toString();
    }

    /**
     * tcpdump's line for a Destination Unreachable about a port or a protocol, named from the quoted header:
     * {@code ICMP 10.0.0.2 udp port 33434 unreachable, length 68}, {@code ICMP 10.0.0.2 protocol 47 unreachable, length
     * 28}; {@code null} for any other message, or when the quote is too short to name it.
     */
    private static String ipv4Unreachable(Icmpv4Packet icmp) {
        if (icmp.checkLength() != null || icmp.type() != Icmpv4Type.DESTINATION_UNREACHABLE
                || (icmp.code() != PROTOCOL_UNREACHABLE && icmp.code() != PORT_UNREACHABLE)
                || icmp.dataLength() < Ipv4Packet.MIN_HEADER_LENGTH) {
            return null;
        }
        Ipv4Packet quoted = Ipv4Packet.newUnchecked(icmp.buffer().slice(icmp.dataOffset(), icmp.dataLength()));
        String destination = Ipv4Address.format(quoted.destinationAddress());
        if (icmp.code() == PROTOCOL_UNREACHABLE) {
            return "ICMP " + destination + " protocol " + quoted.protocol() + " unreachable, length " + icmp.length();
        }
        int portOffset = quoted.headerLength() + UdpPacket.DESTINATION_PORT_FIELD.byteOffset();
        String name = transportName(quoted.protocol());
        if (name == null || quoted.headerLength() < Ipv4Packet.MIN_HEADER_LENGTH
                || portOffset + UdpPacket.DESTINATION_PORT_FIELD.byteLength() > icmp.dataLength()) {
            return null;
        }
        return "ICMP " + destination + " " + name + " port "
                + UdpPacket.DESTINATION_PORT_FIELD.value(quoted.buffer(), quoted.base() + quoted.headerLength())
                + " unreachable, length " + icmp.length();
    }

    /**
     * What tcpdump adds to an ICMPv6 Port Unreachable, from the quoted packet: {@code , fd00::26 udp port 33434}; null
     * for any other message, or when the quoted packet is too short or its upper layer is not right after the fixed
     * header.
     */
    private static String ipv6PortUnreachable(Icmpv6Packet icmp) {
        if (icmp.checkLength() != null || icmp.type() != Icmpv6Type.DESTINATION_UNREACHABLE
                || icmp.code() != Icmpv6Type.CODE_PORT_UNREACHABLE
                || icmp.dataLength() < Ipv6Packet.HEADER_LENGTH + 4) {
            return null;
        }
        Ipv6Packet quoted = Ipv6Packet.newUnchecked(icmp.buffer().slice(icmp.dataOffset(), icmp.dataLength()));
        String name = transportName(quoted.nextHeader());
        if (name == null) {
            return null;
        }
        return ", " + Ipv6Address.format(quoted.destinationHigh(), quoted.destinationLow()) + " " + name + " port "
                + UdpPacket.DESTINATION_PORT_FIELD.value(quoted.buffer(), quoted.payloadOffset());
    }

    /** tcpdump's word for a transport protocol whose header begins with the two ports, or null. */
    private static String transportName(int protocol) {
        return protocol == IpProtocol.UDP ? "udp" : protocol == IpProtocol.TCP ? "tcp" : null;
    }

    /** tcpdump's {@code address.port > address.port: } for UDP and TCP (both begin with the two ports). */
    private static String ports(String source, String destination, int protocol, ByteBuf buffer, int index,
            int length) {
        int sourcePort;
        int destinationPort;
        if (protocol == IpProtocol.UDP) {
            UdpPacket udp = new UdpPacket().wrap(buffer, index, length);
            sourcePort = udp.sourcePort();
            destinationPort = udp.destinationPort();
        } else {
            TcpPacket tcp = new TcpPacket().wrap(buffer, index, length);
            sourcePort = tcp.sourcePort();
            destinationPort = tcp.destinationPort();
        }
        return source + "." + sourcePort + " > " + destination + "." + destinationPort + ": ";
    }
}
