package io.tunstack.stack.trace;

import io.tunstack.stack.address.MacAddress;
import io.tunstack.stack.wire.ArpPacket;
import io.tunstack.stack.wire.EtherType;
import io.tunstack.stack.wire.EthernetFrame;
import io.tunstack.stack.wire.HeaderField;
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
import io.tunstack.stack.wire.NeighborMessage;
import io.tunstack.stack.wire.TcpPacket;
import io.tunstack.stack.wire.UdpPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a header field's value means, in words, and why an answer changes it: the words of {@code --explain}, keyed
 * by the views' {@link HeaderField}s. Values come from the views' accessors; a field with nothing to add is shown as
 * its number.
 */
final class FieldMeaning {

    /** The U/L bit of a MAC address's first byte (IEEE 802), in the 48 bits. */
    private static final long LOCALLY_ADMINISTERED = 0x02L << 40;

    private FieldMeaning() {
    }

    // ---- Values in words

    static String ipv4(Ipv4Packet ip, HeaderField field) {
        if (field == Ipv4Packet.IHL_FIELD) {
            return ip.ihl() + " words = " + ip.headerLength() + " bytes";
        }
        if (field == Ipv4Packet.ECN_FIELD) {
            return ip.ecn() + ecnName(ip.ecn());
        }
        if (field == Ipv4Packet.TOTAL_LENGTH_FIELD) {
            return ip.totalLength() + " bytes";
        }
        if (field == Ipv4Packet.IDENTIFICATION_FIELD) {
            return ip.identification() + hex16(ip.identification());
        }
        if (field == Ipv4Packet.FLAGS_FIELD) {
            return ipv4Flags(ip);
        }
        if (field == Ipv4Packet.FRAGMENT_OFFSET_FIELD) {
            return fragmentOffset(ip.fragmentOffset(), ip.fragmentOffsetBytes());
        }
        if (field == Ipv4Packet.TTL_FIELD) {
            return hops(ip.ttl());
        }
        if (field == Ipv4Packet.PROTOCOL_FIELD) {
            return protocol(ip.protocol());
        }
        if (field == Ipv4Packet.HEADER_CHECKSUM_FIELD) {
            return hex(ip.headerChecksum()) + verdict(ip.verifyHeaderChecksum());
        }
        if (field == Ipv4Packet.SOURCE_ADDRESS_FIELD) {
            return Ipv4Address.format(ip.sourceAddress());
        }
        if (field == Ipv4Packet.DESTINATION_ADDRESS_FIELD) {
            return Ipv4Address.format(ip.destinationAddress());
        }
        return Long.toString(field.value(ip.buffer(), ip.base()));
    }

    static String icmpv4(Icmpv4Packet icmp, HeaderField field) {
        if (field == Icmpv4Packet.TYPE_FIELD) {
            return icmp.type() + " (" + Icmpv4Type.name(icmp.type()).replace('-', ' ') + ")";
        }
        if (field == Icmpv4Packet.CHECKSUM_FIELD) {
            return hex(icmp.checksum()) + verdict(icmp.verifyChecksum());
        }
        if (field == Icmpv4Packet.IDENTIFIER_FIELD) {
            return icmp.identifier() + hex16(icmp.identifier());
        }
        return Long.toString(field.value(icmp.buffer(), icmp.base()));
    }

    static String ipv6(Ipv6Packet ip, HeaderField field) {
        if (field == Ipv6Packet.TRAFFIC_CLASS_FIELD) {
            int trafficClass = ip.trafficClass();
            return trafficClass + " = DSCP " + (trafficClass >>> 2) + " | ECN " + (trafficClass & 0x03)
                    + ecnName(trafficClass & 0x03);
        }
        if (field == Ipv6Packet.FLOW_LABEL_FIELD) {
            return ip.flowLabel() == 0 ? "0 (no flow)" : ip.flowLabel() + " (" + hex32(ip.flowLabel()) + ")";
        }
        if (field == Ipv6Packet.PAYLOAD_LENGTH_FIELD) {
            return ip.payloadLength() + " bytes";
        }
        if (field == Ipv6Packet.NEXT_HEADER_FIELD) {
            return protocol(ip.nextHeader());
        }
        if (field == Ipv6Packet.HOP_LIMIT_FIELD) {
            return hops(ip.hopLimit());
        }
        if (field == Ipv6Packet.SOURCE_ADDRESS_FIELD) {
            return Ipv6Address.format(ip.sourceHigh(), ip.sourceLow());
        }
        if (field == Ipv6Packet.DESTINATION_ADDRESS_FIELD) {
            return Ipv6Address.format(ip.destinationHigh(), ip.destinationLow());
        }
        return Long.toString(field.value(ip.buffer(), ip.base()));
    }

    /** A Hop-by-Hop, Destination Options or Routing header's field (they share Next Header and Hdr Ext Len). */
    static String extension(Ipv6ExtensionHeader header, HeaderField field) {
        if (field == Ipv6ExtensionHeader.NEXT_HEADER_FIELD) {
            return protocol(header.nextHeader());
        }
        if (field == Ipv6ExtensionHeader.HDR_EXT_LEN_FIELD) {
            return header.hdrExtLen() + " = (" + header.hdrExtLen() + " + 1) x 8 = " + header.headerLength()
                    + " bytes";
        }
        return Long.toString(field.value(header.buffer(), header.base()));
    }

    static String routing(Ipv6RoutingHeader routing, HeaderField field) {
        if (field == Ipv6RoutingHeader.ROUTING_TYPE_FIELD) {
            return routing.routingType() + (routing.routingType() == Ipv6RoutingHeader.TYPE_0
                    ? " (type 0, deprecated by RFC 5095)" : "");
        }
        if (field == Ipv6RoutingHeader.SEGMENTS_LEFT_FIELD) {
            return routing.segmentsLeft() + (routing.segmentsLeft() == 0 ? " (ignored: RFC 8200 4.4)" : "");
        }
        return extension(routing.header(), field);
    }

    static String fragment(Ipv6FragmentHeader fragment, HeaderField field) {
        if (field == Ipv6FragmentHeader.NEXT_HEADER_FIELD) {
            return protocol(fragment.nextHeader());
        }
        if (field == Ipv6FragmentHeader.FRAGMENT_OFFSET_FIELD) {
            return fragmentOffset(fragment.fragmentOffset(), fragment.fragmentOffsetBytes());
        }
        if (field == Ipv6FragmentHeader.M_FIELD) {
            return fragment.moreFragments() ? "1 (more fragments)" : "0 (last fragment)";
        }
        if (field == Ipv6FragmentHeader.IDENTIFICATION_FIELD) {
            return Integer.toUnsignedString(fragment.identification()) + " ("
                    + hex32(Integer.toUnsignedLong(fragment.identification())) + ")";
        }
        return Long.toString(field.value(fragment.buffer(), fragment.base()));
    }

    /**
     * An ICMPv6 field. The checksum covers the pseudo-header and the whole message, so it is verified only when
     * {@code pseudoHeaderSum} is known (not for a fragment, which holds part of the message).
     */
    static String icmpv6(Icmpv6Packet icmp, HeaderField field, Integer pseudoHeaderSum) {
        if (field == Icmpv6Packet.TYPE_FIELD) {
            return icmp.type() + " (" + Icmpv6Type.name(icmp.type()).replace('-', ' ') + ")";
        }
        if (field == Icmpv6Packet.CODE_FIELD && Icmpv6Type.isError(icmp.type())) {
            return icmp.code() + " (" + Icmpv6Type.codeName(icmp.type(), icmp.code()) + ")";
        }
        if (field == Icmpv6Packet.CHECKSUM_FIELD) {
            return hex(icmp.checksum()) + (pseudoHeaderSum == null ? " (over the reassembled message)"
                    : verdict(icmp.verifyChecksum(pseudoHeaderSum)));
        }
        if (field == Icmpv6Packet.IDENTIFIER_FIELD) {
            return icmp.identifier() + hex16(icmp.identifier());
        }
        if (field == Icmpv6Packet.MTU_FIELD) {
            return icmp.mtu() + " bytes";
        }
        if (field == Icmpv6Packet.POINTER_FIELD) {
            return "octet " + icmp.pointer() + " of the invoking packet";
        }
        return Long.toString(field.value(icmp.buffer(), icmp.base()));
    }

    /** A field of a Neighbor Solicitation or Advertisement after the common ICMPv6 header (RFC 4861 4.3, 4.4). */
    static String neighbor(NeighborMessage message, HeaderField field) {
        if (field == NeighborMessage.TARGET_ADDRESS_FIELD) {
            return Ipv6Address.format(message.targetHigh(), message.targetLow());
        }
        if (field == NeighborMessage.ROUTER_FIELD) {
            return message.router() ? "1 (the sender is a router)" : "0 (not a router)";
        }
        if (field == NeighborMessage.SOLICITED_FIELD) {
            return message.solicited() ? "1 (in answer to a solicitation)" : "0 (unsolicited)";
        }
        if (field == NeighborMessage.OVERRIDE_FIELD) {
            return message.override() ? "1 (replaces a cached link-layer address)" : "0 (does not replace one)";
        }
        return Long.toString(field.value(message.buffer(), message.base()));
    }

    /** An ARP field (RFC 826), the addresses in their usual notation. */
    static String arp(ArpPacket arp, HeaderField field) {
        if (field == ArpPacket.HARDWARE_TYPE_FIELD) {
            return arp.hardwareType() + (arp.hardwareType() == ArpPacket.HARDWARE_ETHERNET ? " (Ethernet)"
                    : arp.hardwareType() == ArpPacket.HARDWARE_IEEE802 ? " (IEEE 802)" : "");
        }
        if (field == ArpPacket.PROTOCOL_TYPE_FIELD) {
            return hex(arp.protocolType()) + " (" + EtherType.name(arp.protocolType()) + ")";
        }
        if (field == ArpPacket.HARDWARE_LENGTH_FIELD || field == ArpPacket.PROTOCOL_LENGTH_FIELD) {
            return field.value(arp.buffer(), arp.base()) + " bytes";
        }
        if (field == ArpPacket.OPERATION_FIELD) {
            return arp.operation() + (arp.operation() == ArpPacket.OPERATION_REQUEST ? " (request)"
                    : arp.operation() == ArpPacket.OPERATION_REPLY ? " (reply)" : "");
        }
        boolean ethernetIpv4 = arp.hardwareLength() == ArpPacket.ETHERNET_ADDRESS_LENGTH
                && arp.protocolLength() == ArpPacket.IPV4_ADDRESS_LENGTH;
        if (ethernetIpv4 && (field == ArpPacket.SENDER_HARDWARE_ADDRESS_FIELD
                || field == ArpPacket.TARGET_HARDWARE_ADDRESS_FIELD)) {
            return MacAddress.format(field == ArpPacket.SENDER_HARDWARE_ADDRESS_FIELD
                    ? arp.senderHardwareAddress() : arp.targetHardwareAddress());
        }
        if (ethernetIpv4 && (field == ArpPacket.SENDER_PROTOCOL_ADDRESS_FIELD
                || field == ArpPacket.TARGET_PROTOCOL_ADDRESS_FIELD)) {
            return Ipv4Address.format(field == ArpPacket.SENDER_PROTOCOL_ADDRESS_FIELD
                    ? arp.senderProtocolAddress() : arp.targetProtocolAddress());
        }
        return hex(field.value(arp.buffer(), arp.base()));
    }

    /** An Ethernet header field: a MAC address with what kind it is, or the EtherType by name. */
    static String ethernet(EthernetFrame frame, HeaderField field) {
        if (field == EthernetFrame.ETHER_TYPE_FIELD) {
            return hex(frame.etherType()) + " (" + EtherType.name(frame.etherType()) + ")";
        }
        long mac = field == EthernetFrame.DESTINATION_FIELD ? frame.destination() : frame.source();
        return MacAddress.format(mac) + macKind(mac);
    }

    /** An Ethernet header field as the change table shows it: the MAC address alone, or the EtherType by name. */
    static String ethernetValue(EthernetFrame frame, HeaderField field) {
        if (field == EthernetFrame.ETHER_TYPE_FIELD) {
            return ethernet(frame, field);
        }
        return MacAddress.format(field == EthernetFrame.DESTINATION_FIELD ? frame.destination() : frame.source());
    }

    /**
     * What kind of address a MAC is, by its first byte (IEEE 802: the I/G bit 0x01 marks a group, the U/L bit 0x02 a
     * locally administered address, as tunstack's hosts' are): broadcast, multicast, unicast.
     */
    private static String macKind(long mac) {
        if (mac == MacAddress.MASK) {
            return " (broadcast)";
        }
        if (MacAddress.isMulticast(mac)) {
            return " (multicast)";
        }
        return (mac & LOCALLY_ADMINISTERED) != 0 ? " (unicast, locally administered)" : " (unicast)";
    }

    /**
     * A UDP field. The checksum is verified over the pseudo-header when {@code pseudoHeaderSum} is known (not for a
     * fragment); 0 means "no checksum" over IPv4 (RFC 768) and is invalid over IPv6 (RFC 8200 8.1).
     */
    static String udp(UdpPacket udp, HeaderField field, Integer pseudoHeaderSum, boolean ipv6) {
        if (field == UdpPacket.LENGTH_FIELD) {
            return udp.udpLength() + " bytes = 8 header + " + Math.max(udp.dataLength(), 0) + " data";
        }
        if (field == UdpPacket.CHECKSUM_FIELD) {
            if (udp.checksum() == 0) {
                return ipv6 ? "0x0000 (INVALID: zero is not allowed over IPv6, RFC 8200 8.1)"
                        : "0x0000 (none: RFC 768, \"the transmitter generated no checksum\")";
            }
            return hex(udp.checksum()) + (pseudoHeaderSum == null ? " (over the reassembled datagram)"
                    : verdict(udp.verifyChecksum(pseudoHeaderSum)));
        }
        return Long.toString(field.value(udp.buffer(), udp.base()));
    }

    /** A TCP field; the checksum as for {@link #udp}, without the zero exception. */
    static String tcp(TcpPacket tcp, HeaderField field, Integer pseudoHeaderSum) {
        int flags = tcp.flags();
        if (field == TcpPacket.SEQUENCE_NUMBER_FIELD) {
            return tcp.sequenceNumber() + " (" + hex32(tcp.sequenceNumber()) + ")";
        }
        if (field == TcpPacket.ACKNOWLEDGMENT_NUMBER_FIELD) {
            return tcp.acknowledgmentNumber() + ((flags & TcpPacket.ACK) != 0 ? " (the next byte expected)"
                    : " (not significant: ACK is clear)");
        }
        if (field == TcpPacket.DATA_OFFSET_FIELD) {
            return tcp.dataOffset() + " words = " + tcp.headerLength() + " bytes";
        }
        if (field == TcpPacket.CONTROL_BITS_FIELD) {
            return hex8(flags) + " = " + controlBits(flags) + " [" + TcpPacket.flagLetters(flags) + "]";
        }
        if (field == TcpPacket.WINDOW_FIELD) {
            if ((flags & TcpPacket.RST) != 0) {
                return Integer.toString(tcp.window());
            }
            return tcp.window() + ((flags & TcpPacket.SYN) != 0 ? " bytes (never scaled in a SYN, RFC 7323 2.2)"
                    : " (in the units the handshake's window scale set)");
        }
        if (field == TcpPacket.CHECKSUM_FIELD) {
            return hex(tcp.checksum()) + (pseudoHeaderSum == null ? " (over the reassembled segment)"
                    : verdict(tcp.verifyChecksum(pseudoHeaderSum)));
        }
        if (field == TcpPacket.URGENT_POINTER_FIELD) {
            return tcp.urgentPointer() + ((flags & TcpPacket.URG) != 0 ? "" : " (not significant: URG is clear)");
        }
        return Long.toString(field.value(tcp.buffer(), tcp.base()));
    }

    /** The control bits by name, as RFC 9293 3.1 lists them: {@code SYN+ACK}; "none" when no bit is set. */
    static String controlBits(int flags) {
        List<String> set = new ArrayList<>(8);
        String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
        for (int bit = 0; bit < names.length; bit++) {
            if ((flags & (1 << bit)) != 0) {
                set.add(names[bit]);
            }
        }
        return set.isEmpty() ? "none" : String.join("+", set);
    }

    // ---- Why an answer changes a field

    /** Why an answer differs from the packet it answers in {@code field}; a generic sentence for other fields. */
    static String whyChanged(HeaderField field) {
        if (field == Ipv4Packet.IHL_FIELD) {
            return "a different header length";
        }
        if (field == Ipv4Packet.DSCP_FIELD || field == Ipv4Packet.ECN_FIELD) {
            return "the responder's own traffic class";
        }
        if (field == Ipv4Packet.TOTAL_LENGTH_FIELD) {
            return "a different datagram length";
        }
        if (field == Ipv4Packet.IDENTIFICATION_FIELD) {
            return "a new datagram gets its own identification (RFC 6864)";
        }
        if (field == Ipv4Packet.FLAGS_FIELD || field == Ipv4Packet.FRAGMENT_OFFSET_FIELD) {
            return "the responder's own flags for a new datagram";
        }
        if (field == Ipv4Packet.TTL_FIELD) {
            return "a new datagram starts with the responder's TTL";
        }
        if (field == Ipv4Packet.HEADER_CHECKSUM_FIELD) {
            return "recomputed, because the header changed (RFC 791: \"recomputed and verified at each point\")";
        }
        if (field == Ipv4Packet.SOURCE_ADDRESS_FIELD || field == Ipv4Packet.DESTINATION_ADDRESS_FIELD) {
            return "swapped (RFC 792: \"the source and destination addresses are simply reversed\")";
        }
        if (field == Icmpv4Packet.TYPE_FIELD) {
            return "an echo reply (RFC 792: \"the type code changed to 0\")";
        }
        if (field == Icmpv4Packet.CHECKSUM_FIELD) {
            return "recomputed (RFC 792: \"the checksum recomputed\")";
        }
        if (field == Ipv6Packet.TRAFFIC_CLASS_FIELD) {
            return "the responder's own traffic class";
        }
        if (field == Ipv6Packet.FLOW_LABEL_FIELD) {
            return "the responder's own flow label (RFC 6437); Linux reflects the request's only with flowlabel_reflect";
        }
        if (field == Ipv6Packet.PAYLOAD_LENGTH_FIELD) {
            return "a different payload length";
        }
        if (field == Ipv6Packet.HOP_LIMIT_FIELD) {
            return "a new packet starts with the responder's hop limit";
        }
        if (field == Ipv6Packet.SOURCE_ADDRESS_FIELD || field == Ipv6Packet.DESTINATION_ADDRESS_FIELD) {
            return "swapped (RFC 4443 2.2 (a): the reply's source \"MUST be that same address\" the request was sent"
                    + " to)";
        }
        if (field == Icmpv6Packet.TYPE_FIELD) {
            return "an echo reply (RFC 4443 4.2: Echo Reply is type 129)";
        }
        if (field == Icmpv6Packet.CHECKSUM_FIELD) {
            return "recomputed over the pseudo-header and the message (RFC 4443 2.3)";
        }
        return "a different " + field.name();
    }

    /**
     * Why a TCP answer (its control bits {@code replyFlags}) differs from the segment it answers in {@code field}:
     * RFC 9293 3.10.7.1 for a reset, 3.10.7.2 for a SYN+ACK, the connection's own state otherwise.
     */
    static String whyTcpChanged(HeaderField field, int replyFlags) {
        boolean reset = (replyFlags & TcpPacket.RST) != 0;
        boolean synAck = (replyFlags & (TcpPacket.SYN | TcpPacket.ACK)) == (TcpPacket.SYN | TcpPacket.ACK);
        if (field == TcpPacket.SOURCE_PORT_FIELD || field == TcpPacket.DESTINATION_PORT_FIELD) {
            return "swapped: the answer goes back to the segment's sender, from the port it was sent to";
        }
        if (field == TcpPacket.SEQUENCE_NUMBER_FIELD) {
            if (reset) {
                return "RFC 9293 3.10.7.1: SEG.ACK when the segment has ACK (<SEQ=SEG.ACK><CTL=RST>), otherwise 0";
            }
            return synAck ? "RFC 9293 3.10.7.2: the listener's own initial sequence number, here a SYN cookie"
                    : "the connection's own sequence space";
        }
        if (field == TcpPacket.ACKNOWLEDGMENT_NUMBER_FIELD) {
            return reset ? "RFC 9293 3.10.7.1: SEG.SEQ+SEG.LEN (a SYN and a FIN count one each) when the segment has"
                    + " no ACK" : "the next sequence number expected from the peer: RCV.NXT (RFC 9293 3.3.1)";
        }
        if (field == TcpPacket.DATA_OFFSET_FIELD) {
            return reset ? "a reset carries no options" : "the answer's own options";
        }
        if (field == TcpPacket.CONTROL_BITS_FIELD) {
            return reset ? "a reset (RFC 9293 3.10.7.1): RST, with ACK when the segment had none"
                    : synAck ? "the second step of the handshake: SYN+ACK (RFC 9293 3.5)" : "the connection's state";
        }
        if (field == TcpPacket.WINDOW_FIELD) {
            return reset ? "0: a reset offers no window (as Linux's tcp_v4_send_reset and tcp_v6_send_reset)" : "the answer's own window";
        }
        if (field == TcpPacket.CHECKSUM_FIELD) {
            return "recomputed over the pseudo-header and the segment (RFC 9293 3.1)";
        }
        return "a different " + field.name();
    }

    // ---- Small words

    private static String ipv4Flags(Ipv4Packet ip) {
        List<String> set = new ArrayList<>(3);
        if (ip.reservedFlag()) {
            set.add("reserved bit SET");
        }
        if (ip.dontFragment()) {
            set.add("DF");
        }
        if (ip.moreFragments()) {
            set.add("MF");
        }
        return set.isEmpty() ? "none" : String.join("+", set);
    }

    private static String hops(int hops) {
        return hops + (hops == 1 ? " hop" : " hops");
    }

    private static String fragmentOffset(int units, int bytes) {
        return units == 0 ? "0" : units + " x 8 = " + bytes + " bytes";
    }

    private static String protocol(int protocol) {
        // "ICMP", "TCP", but "ICMPv6", "IPv6-FRAG": the upper-case keyword with IPv6's lower-case v kept.
        return protocol + " (" + IpProtocol.name(protocol).toUpperCase(Locale.ROOT).replace("V6", "v6") + ")";
    }

    private static String ecnName(int ecn) {
        switch (ecn) {
            case 0:
                return " (not ECN-capable)";
            case 3:
                return " (congestion experienced)";
            default:
                return " (ECN-capable)";
        }
    }

    private static String verdict(boolean valid) {
        return valid ? " (valid)" : " (INVALID)";
    }

    static String hex(long value) {
        return String.format(Locale.ROOT, "0x%04x", value);
    }

    static String hex32(long value) {
        return String.format(Locale.ROOT, "0x%x", value);
    }

    private static String hex8(int value) {
        return String.format(Locale.ROOT, "0x%02x", value);
    }

    private static String hex16(int value) {
        return " (" + hex(value) + ")";
    }
}
