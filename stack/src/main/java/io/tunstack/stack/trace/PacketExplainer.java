package io.tunstack.stack.trace;

import static io.tunstack.stack.trace.FieldMeaning.hex;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.wire.Checksum;
import io.tunstack.stack.wire.HeaderField;
import io.tunstack.stack.wire.Icmpv4Packet;
import io.tunstack.stack.wire.Icmpv6Packet;
import io.tunstack.stack.wire.Icmpv6Type;
import io.tunstack.stack.wire.IpProtocol;
import io.tunstack.stack.wire.Ipv4Packet;
import io.tunstack.stack.wire.Ipv6ExtensionHeader;
import io.tunstack.stack.wire.Ipv6FragmentHeader;
import io.tunstack.stack.wire.Ipv6OptionAction;
import io.tunstack.stack.wire.Ipv6Packet;
import io.tunstack.stack.wire.Ipv6RoutingHeader;
import io.tunstack.stack.wire.NdpOption;
import io.tunstack.stack.wire.NeighborMessage;
import io.tunstack.stack.wire.TcpPacket;
import io.tunstack.stack.wire.UdpPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The teaching dump behind {@code --explain}: every header field of IPv4 and ICMP, UDP or TCP, or of IPv6, its
 * extension headers and ICMPv6, UDP or TCP, with its offset, bytes, name and value (TCP options by name); the
 * checksums worked through as RFC 1071 describes them (over the pseudo-header of either family for ICMPv6, UDP and
 * TCP); and, for an answer, what changed from the packet it answers and why (RFC 9293 3.10.7.1 for a reset). Columns are aligned for a
 * terminal.
 *
 * <p>The rows are the wire views' field tables ({@link HeaderField}): this class knows no offset. A field that does
 * not start on a byte boundary shows its offset as {@code byte.bit} and its bits in binary.
 *
 * <p>Never throws, whatever the bytes: what cannot be explained field by field is shown as a hex dump with the check
 * that failed. Never moves the buffers' indices.
 */
public final class PacketExplainer {

    /** Bytes shown in the "bytes" column; longer fields (addresses, data, options) are cut with "..". */
    private static final int MAX_FIELD_BYTES = 4;
    /** Fields that are not whole bytes show their bits, up to this many; wider ones show their value in hex. */
    private static final int MAX_FIELD_BITS = 13;
    private static final int HEX_DUMP_LIMIT = 64;
    private static final String TABLE_FORMAT = "  %6s  %-14s  %-23s  %s%n";
    /** The change table's narrowest value column; it grows to the widest value (an IPv6 address). */
    private static final int MIN_VALUE_WIDTH = 17;
    /** The "why" of a change goes on its own line, under the field name. */
    private static final String WHY_INDENT = " ".repeat(10);
    private static final int UNCHANGED_LINE_WIDTH = 100;

    private PacketExplainer() {
    }

    /** The field-by-field dump of the readable bytes of {@code packet}, ending in a newline. */
    public static String explain(ByteBuf packet) {
        StringBuilder text = new StringBuilder(4096);
        int length = packet.readableBytes();
        int version = length == 0 ? -1 : packet.getUnsignedByte(packet.readerIndex()) >>> 4;
        if (version == Ipv4Packet.VERSION) {
            explainIpv4(text, Ipv4Packet.newUnchecked(packet));
        } else if (version == Ipv6Packet.VERSION) {
            explainIpv6(text, Ipv6Packet.newUnchecked(packet));
        } else {
            text.append("Not an IP packet (").append(PacketFormatter.summary(packet))
                    .append("): tunstack explains IPv4 with ICMP, and IPv6 with ICMPv6.\n");
            hexDump(text, packet, packet.readerIndex(), length);
        }
        return text.toString();
    }

    // ---- IPv4 and ICMP

    private static void explainIpv4(StringBuilder text, Ipv4Packet ip) {
        DropReason malformed = ip.checkLength();
        if (malformed != null) {
            cannotRead(text, "IPv4 header", malformed, ip.buffer(), ip.base(), ip.bytesRead());
            return;
        }
        text.append("IPv4 header, ").append(ip.headerLength()).append(" bytes (RFC 791)\n");
        tableHeader(text);
        rows(text, Ipv4Packet.FIELDS, ip.buffer(), ip.base(), 0, field -> FieldMeaning.ipv4(ip, field));
        if (ip.optionsLength() > 0) {
            row(text, Integer.toString(ip.optionsOffset() - ip.base()), hexBytes(ip.buffer(), ip.optionsOffset(),
                    ip.optionsLength()), "Options", ip.optionsLength() + " bytes");
        }
        Icmpv4Packet icmp = icmpOf(ip);
        Transport transport = null;
        if (icmp != null) {
            icmpv4Fields(text, icmp, ip.headerLength());
        } else if (ip.fragmentOffset() != 0) {
            laterFragment(text, ip.payloadLength(), ip.fragmentOffsetBytes(), ip.protocol());
        } else if (Transport.isTransport(ip.protocol())) {
            Integer pseudoHeaderSum = ip.moreFragments() ? null : Checksum.ipv4PseudoHeaderSum(ip.sourceAddress(),
                    ip.destinationAddress(), ip.protocol(), Transport.checksummedLength(ip.protocol(), ip.buffer(),
                            ip.payloadOffset(), ip.payloadLength()));
            transport = Transport.explain(text, ip.protocol(), ip.buffer(), ip.payloadOffset(), ip.payloadLength(),
                    ip.headerLength(), pseudoHeaderSum, false, ip.moreFragments());
        } else {
            text.append("\nPayload: ").append(ip.payloadLength()).append(" bytes of protocol ")
                    .append(IpProtocol.name(ip.protocol()))
                    .append(", not explained (tunstack explains ICMP, UDP and TCP).\n");
        }
        text.append('\n');
        ChecksumWalkthrough.plain(text, "IPv4 header checksum", "over the header only (" + ip.headerLength()
                + " bytes)", ip.buffer(), ip.base(), ip.headerLength(), ip.headerChecksum());
        if (icmp != null && icmp.checkLength() == null) {
            text.append('\n');
            ChecksumWalkthrough.plain(text, "ICMP checksum", "over the whole ICMP message (" + icmp.length()
                    + " bytes)", icmp.buffer(), icmp.base(), icmp.length(), icmp.checksum());
        }
        if (transport != null && transport.walkThrough(text, ip.moreFragments())) {
            ChecksumWalkthrough.overIpv4PseudoHeader(text, transport.checksumTitle(), ip, transport.protocol(),
                    ip.buffer(), transport.index(), transport.length(), transport.checksum());
        }
    }

    private static void icmpv4Fields(StringBuilder text, Icmpv4Packet icmp, int offset) {
        text.append("\nICMP message, ").append(icmp.length()).append(" bytes (RFC 792)\n");
        if (icmp.checkLength() != null) {
            text.append("  Cannot be read field by field: ").append(icmp.checkLength().description()).append(".\n");
            hexDump(text, icmp.buffer(), icmp.base(), icmp.length());
            return;
        }
        tableHeader(text);
        Function<HeaderField, String> value = field -> FieldMeaning.icmpv4(icmp, field);
        rows(text, Icmpv4Packet.FIELDS, icmp.buffer(), icmp.base(), offset, value);
        if (icmp.isEcho()) {
            rows(text, Icmpv4Packet.QUERY_FIELDS, icmp.buffer(), icmp.base(), offset, value);
        } else {
            restOfHeader(text, Icmpv4Packet.FIELDS, icmp.buffer(), icmp.base(), icmp.dataOffset(), offset,
                    "rest of header");
        }
        data(text, icmp.buffer(), icmp.base(), icmp.dataOffset(), icmp.dataLength(), offset, icmp.isEcho());
    }

    // ---- IPv6, its extension headers, ICMPv6

    private static void explainIpv6(StringBuilder text, Ipv6Packet ip) {
        DropReason malformed = ip.checkLength();
        if (malformed != null) {
            cannotRead(text, "IPv6 header", malformed, ip.buffer(), ip.base(), ip.bytesRead());
            return;
        }
        text.append("IPv6 header, ").append(Ipv6Packet.HEADER_LENGTH).append(" bytes (RFC 8200)\n");
        tableHeader(text);
        rows(text, Ipv6Packet.FIELDS, ip.buffer(), ip.base(), 0, field -> FieldMeaning.ipv6(ip, field));
        Chain chain = Chain.walk(ip, text);
        if (chain.stop != null) {
            return;
        }
        int offset = chain.index - ip.base();
        int length = ip.end() - chain.index;
        if (chain.laterFragmentOffset >= 0) {
            laterFragment(text, length, chain.laterFragmentOffset, chain.nextHeader);
            return;
        }
        if (Transport.isTransport(chain.nextHeader)) {
            Integer pseudoHeaderSum = chain.fragmented ? null : ip.pseudoHeaderSum(Transport.checksummedLength(
                    chain.nextHeader, ip.buffer(), chain.index, length), chain.nextHeader);
            Transport transport = Transport.explain(text, chain.nextHeader, ip.buffer(), chain.index, length, offset,
                    pseudoHeaderSum, true, chain.fragmented);
            if (transport != null) {
                if (transport.walkThrough(text, chain.fragmented)) {
                    ChecksumWalkthrough.overIpv6PseudoHeader(text, transport.checksumTitle(), ip, chain.nextHeader,
                            ip.buffer(), transport.index(), transport.length(), transport.checksum());
                }
            }
            return;
        }
        if (chain.nextHeader != IpProtocol.ICMPV6) {
            text.append("\nPayload: ").append(length).append(" bytes of next header ")
                    .append(IpProtocol.name(chain.nextHeader))
                    .append(", not explained (tunstack explains ICMPv6, UDP and TCP).\n");
            return;
        }
        Icmpv6Packet icmp = new Icmpv6Packet().wrap(ip.buffer(), chain.index, length);
        text.append("\nICMPv6 message, ").append(chain.fragmented ? "its first " : "").append(length)
                .append(chain.fragmented ? " bytes, in this fragment (RFC 4443)\n" : " bytes (RFC 4443)\n");
        if (icmp.checkLength() != null) {
            text.append("  Cannot be read field by field: ").append(icmp.checkLength().description()).append(".\n");
            hexDump(text, icmp.buffer(), icmp.base(), icmp.length());
            return;
        }
        Integer pseudoHeaderSum = chain.fragmented ? null : ip.pseudoHeaderSum(length, IpProtocol.ICMPV6);
        tableHeader(text);
        Function<HeaderField, String> value = field -> FieldMeaning.icmpv6(icmp, field, pseudoHeaderSum);
        rows(text, Icmpv6Packet.FIELDS, icmp.buffer(), icmp.base(), offset, value);
        List<HeaderField> second = secondWord(icmp.type());
        boolean neighborMessage = NdpText.isNeighborMessage(icmp.type());
        if (neighborMessage) {
            neighborMessage(text, new NeighborMessage().wrap(icmp.buffer(), icmp.base(), icmp.length()), offset);
        } else if (second != null) {
            rows(text, second, icmp.buffer(), icmp.base(), offset, value);
        } else {
            restOfHeader(text, Icmpv6Packet.FIELDS, icmp.buffer(), icmp.base(), icmp.dataOffset(), offset,
                    "message body");
        }
        if (Icmpv6Type.isError(icmp.type()) && icmp.dataLength() > 0) {
            // RFC 4443 2.4 (c): "as much of invoking packet as possible without the ICMPv6 packet exceeding the
            // minimum IPv6 MTU".
            row(text, Integer.toString(offset + icmp.dataOffset() - icmp.base()),
                    hexBytes(icmp.buffer(), icmp.dataOffset(), icmp.dataLength()), "invoking packet",
                    icmp.dataLength() + " bytes: " + PacketFormatter.summary(icmp.buffer().slice(icmp.dataOffset(),
                            icmp.dataLength())));
        } else if (!neighborMessage) { // a neighbor message's options are its rest, shown above
            data(text, icmp.buffer(), icmp.base(), icmp.dataOffset(), icmp.dataLength(), offset, icmp.isEcho());
        }
        text.append('\n');
        if (chain.fragmented) {
            text.append("ICMPv6 checksum: it covers the pseudo-header and the whole reassembled message; one fragment")
                    .append(" alone cannot be checked.\n");
        } else {
            ChecksumWalkthrough.overIpv6PseudoHeader(text, "ICMPv6 checksum", ip, IpProtocol.ICMPV6, icmp.buffer(),
                    icmp.base(), icmp.length(), icmp.checksum());
            if (chain.routedOnward) {
                text.append("  RFC 8200 8.1: with a Routing header, the pseudo-header holds the final destination, the\n")
                        .append("  last address still to visit; the sum above uses the IPv6 header's destination.\n");
            }
        }
    }

    /**
     * The fields of a Neighbor Solicitation or Advertisement after the common ICMPv6 header (RFC 4861 4.3, 4.4), then
     * one row per option (4.6); a message too short for its target says so instead.
     */
    private static void neighborMessage(StringBuilder text, NeighborMessage message, int offset) {
        if (message.checkLength() != null) {
            int rest = Icmpv6Packet.FIELDS.get(Icmpv6Packet.FIELDS.size() - 1).byteEnd();
            row(text, Integer.toString(offset + rest), hexBytes(message.buffer(), message.base() + rest,
                    message.length() - rest), "message body", message.checkLength().description() + " ("
                            + message.checkLength().label() + ")");
            return;
        }
        List<HeaderField> fields = message.type() == Icmpv6Type.NEIGHBOR_SOLICITATION
                ? NeighborMessage.SOLICITATION_FIELDS : NeighborMessage.ADVERTISEMENT_FIELDS;
        rows(text, fields.stream().filter(field -> !Icmpv6Packet.FIELDS.contains(field)).toList(), message.buffer(),
                message.base(), offset, field -> FieldMeaning.neighbor(message, field));
        NdpOption option = new NdpOption();
        for (option.wrap(message.buffer(), message.optionsOffset(), message.end()); option.hasCurrent();
                option.next()) {
            String at = Integer.toString(offset + option.offset() - message.base());
            DropReason malformed = option.checkLength();
            if (malformed != null) {
                row(text, at, hexBytes(message.buffer(), option.offset(), message.end() - option.offset()), "option",
                        malformed.description() + " (" + malformed.label() + ")");
                return;
            }
            row(text, at, hexBytes(message.buffer(), option.offset(), option.byteLength()), "option",
                    NdpText.option(option) + " (RFC 4861 4.6.1)");
        }
    }

    /** The fields after the common header, for the types whose second word RFC 4443 names; otherwise null. */
    private static List<HeaderField> secondWord(int type) {
        switch (type) {
            case Icmpv6Type.ECHO_REQUEST:
            case Icmpv6Type.ECHO_REPLY:
                return Icmpv6Packet.ECHO_FIELDS;
            case Icmpv6Type.PACKET_TOO_BIG:
                return Icmpv6Packet.PACKET_TOO_BIG_FIELDS;
            case Icmpv6Type.PARAMETER_PROBLEM:
                return Icmpv6Packet.PARAMETER_PROBLEM_FIELDS;
            case Icmpv6Type.DESTINATION_UNREACHABLE:
            case Icmpv6Type.TIME_EXCEEDED:
                return Icmpv6Packet.UNUSED_FIELDS;
            default:
                return null;
        }
    }

    /**
     * The IPv6 header chain from the fixed header to the upper layer (RFC 8200 section 4), each extension header
     * explained on the way: where the upper layer starts and which it is, or why the walk stopped.
     */
    private static final class Chain {
        int nextHeader;
        int index;
        boolean fragmented;
        /** A Routing header with segments left: the pseudo-header's destination is the final one, not the header's. */
        boolean routedOnward;
        /** The byte offset of a fragment that is not the first, or -1. */
        int laterFragmentOffset = -1;
        /** Set when a header could not be read; the explanation already says why. */
        DropReason stop;

        static Chain walk(Ipv6Packet ip, StringBuilder text) {
            Chain chain = new Chain();
            chain.nextHeader = ip.nextHeader();
            chain.index = ip.payloadOffset();
            int end = ip.end();
            while (chain.stop == null && chain.laterFragmentOffset < 0) {
                int offset = chain.index - ip.base();
                if (chain.nextHeader == IpProtocol.HOP_BY_HOP
                        || chain.nextHeader == IpProtocol.IPV6_DESTINATION_OPTIONS) {
                    Ipv6ExtensionHeader header = new Ipv6ExtensionHeader().wrap(ip.buffer(), chain.index,
                            end - chain.index);
                    String title = chain.nextHeader == IpProtocol.HOP_BY_HOP
                            ? "Hop-by-Hop Options header" : "Destination Options header";
                    String rfc = chain.nextHeader == IpProtocol.HOP_BY_HOP ? "RFC 8200 4.3" : "RFC 8200 4.6";
                    chain.stop = header.checkLength();
                    if (chain.stop != null) {
                        cannotRead(text.append('\n'), title, chain.stop, ip.buffer(), chain.index, end - chain.index);
                        break;
                    }
                    text.append('\n').append(title).append(", ").append(header.headerLength()).append(" bytes (")
                            .append(rfc).append(")\n");
                    tableHeader(text);
                    rows(text, Ipv6ExtensionHeader.FIELDS, ip.buffer(), header.base(), offset,
                            field -> FieldMeaning.extension(header, field));
                    options(text, header, ip.base());
                    chain.nextHeader = header.nextHeader();
                    chain.index = header.end();
                } else if (chain.nextHeader == IpProtocol.IPV6_ROUTING) {
                    Ipv6RoutingHeader routing = new Ipv6RoutingHeader().wrap(ip.buffer(), chain.index,
                            end - chain.index);
                    chain.stop = routing.checkLength();
                    if (chain.stop != null) {
                        cannotRead(text.append('\n'), "Routing header", chain.stop, ip.buffer(), chain.index,
                                end - chain.index);
                        break;
                    }
                    Ipv6ExtensionHeader header = routing.header();
                    text.append("\nRouting header, ").append(header.headerLength()).append(" bytes (RFC 8200 4.4)\n");
                    tableHeader(text);
                    rows(text, Ipv6RoutingHeader.FIELDS, ip.buffer(), header.base(), offset,
                            field -> FieldMeaning.routing(routing, field));
                    if (header.end() > routing.typeSpecificDataOffset()) {
                        row(text, Integer.toString(routing.typeSpecificDataOffset() - ip.base()),
                                hexBytes(ip.buffer(), routing.typeSpecificDataOffset(),
                                        header.end() - routing.typeSpecificDataOffset()),
                                "type-specific data", header.end() - routing.typeSpecificDataOffset() + " bytes");
                    }
                    chain.routedOnward |= routing.segmentsLeft() != 0;
                    chain.nextHeader = header.nextHeader();
                    chain.index = header.end();
                } else if (chain.nextHeader == IpProtocol.IPV6_FRAGMENT) {
                    Ipv6FragmentHeader fragment = new Ipv6FragmentHeader().wrap(ip.buffer(), chain.index,
                            end - chain.index);
                    chain.stop = fragment.checkLength();
                    if (chain.stop != null) {
                        cannotRead(text.append('\n'), "Fragment header", chain.stop, ip.buffer(), chain.index,
                                end - chain.index);
                        break;
                    }
                    text.append("\nFragment header, ").append(Ipv6FragmentHeader.LENGTH)
                            .append(" bytes (RFC 8200 4.5): ").append(fragment.summary()).append('\n');
                    tableHeader(text);
                    rows(text, Ipv6FragmentHeader.FIELDS, ip.buffer(), fragment.base(), offset,
                            field -> FieldMeaning.fragment(fragment, field));
                    chain.fragmented = !fragment.isAtomic();
                    chain.nextHeader = fragment.nextHeader();
                    chain.index = fragment.dataOffset();
                    if (fragment.fragmentOffset() != 0) {
                        chain.laterFragmentOffset = fragment.fragmentOffsetBytes();
                    }
                } else {
                    break;
                }
            }
            return chain;
        }
    }

    /** One row per option of a Hop-by-Hop or Destination Options header, with its action bits (RFC 8200 4.2). */
    private static void options(StringBuilder text, Ipv6ExtensionHeader header, int packetBase) {
        for (int index = header.dataOffset(); index < header.end(); index = header.nextOption(index)) {
            int type = header.optionType(index);
            String offset = Integer.toString(index - packetBase);
            if (!header.optionFits(index)) {
                row(text, offset, hexBytes(header.buffer(), index, header.end() - index), "option",
                        Ipv6ExtensionHeader.optionName(type) + ": runs past the end of the header (malformed)");
                return;
            }
            int length = header.optionLength(index);
            String value = Ipv6ExtensionHeader.optionName(type);
            if (type != Ipv6ExtensionHeader.OPTION_PAD1) {
                value += ", " + (length - 2) + " data bytes";
            }
            if (type != Ipv6ExtensionHeader.OPTION_PAD1 && type != Ipv6ExtensionHeader.OPTION_PADN) {
                value += ", unknown: " + Ipv6OptionAction.of(type).text();
            }
            row(text, offset, hexBytes(header.buffer(), index, length), "option", value);
        }
    }

    /**
     * A UDP datagram or TCP segment of either family: its fields, options and data explained, and what its checksum
     * walk-through needs. The network layer adds the walk-through over its own pseudo-header.
     */
    private record Transport(int protocol, int index, int length, int checksum, String checksumTitle,
            boolean noChecksum) {

        static boolean isTransport(int protocol) {
            return protocol == IpProtocol.UDP || protocol == IpProtocol.TCP;
        }

        /**
         * The bytes the checksum covers: a UDP datagram's Length (RFC 768; what follows it is padding), a TCP
         * segment's whole IP payload (RFC 9293 3.1: "the TCP length").
         */
        static int checksummedLength(int protocol, ByteBuf buffer, int index, int length) {
            if (protocol == IpProtocol.UDP) {
                UdpPacket udp = new UdpPacket().wrap(buffer, index, length);
                return udp.checkLength() == null ? udp.udpLength() : length;
            }
            return length;
        }

        /**
         * Explains the header at {@code index} ({@code offset} bytes into the packet); {@code null} when it cannot be
         * read field by field (the text says why). {@code pseudoHeaderSum} is null for a fragment.
         */
        static Transport explain(StringBuilder text, int protocol, ByteBuf buffer, int index, int length,
                int offset, Integer pseudoHeaderSum, boolean ipv6, boolean fragmented) {
            String part = fragmented ? "its first " : "";
            if (protocol == IpProtocol.UDP) {
                UdpPacket udp = new UdpPacket().wrap(buffer, index, length);
                text.append("\nUDP datagram, ").append(part).append(length).append(" bytes (RFC 768)\n");
                if (udp.checkLength() != null) {
                    text.append("  Cannot be read field by field: ").append(udp.checkLength().description())
                            .append(" (").append(udp.checkLength().label()).append(").\n");
                    hexDump(text, buffer, index, length);
                    return null;
                }
                tableHeader(text);
                rows(text, UdpPacket.FIELDS, buffer, index, offset,
                        field -> FieldMeaning.udp(udp, field, pseudoHeaderSum, ipv6));
                if (udp.dataLength() > 0) {
                    row(text, Integer.toString(offset + UdpPacket.HEADER_LENGTH), hexBytes(buffer, udp.dataOffset(),
                            udp.dataLength()), "data", udp.dataLength() + " bytes");
                }
                if (length > udp.udpLength()) {
                    row(text, Integer.toString(offset + udp.udpLength()), hexBytes(buffer, index + udp.udpLength(),
                            length - udp.udpLength()), "after Length", length - udp.udpLength()
                                    + " bytes beyond the datagram's Length: not part of it");
                }
                return new Transport(protocol, index, udp.udpLength(), udp.checksum(), "UDP checksum",
                        udp.checksum() == 0 && !ipv6);
            }
            TcpPacket tcp = new TcpPacket().wrap(buffer, index, length);
            text.append("\nTCP segment, ").append(part).append(length).append(" bytes (RFC 9293)\n");
            if (tcp.checkLength() != null) {
                text.append("  Cannot be read field by field: ").append(tcp.checkLength().description()).append(" (")
                        .append(tcp.checkLength().label()).append(").\n");
                hexDump(text, buffer, index, length);
                return null;
            }
            tableHeader(text);
            rows(text, TcpPacket.FIELDS, buffer, index, offset, field -> FieldMeaning.tcp(tcp, field,
                    pseudoHeaderSum));
            for (TcpOptionText.Option option : TcpOptionText.options(tcp)) {
                row(text, Integer.toString(offset + option.index() - index), hexBytes(buffer, option.index(),
                        option.length()), "option", option.meaning());
            }
            if (tcp.dataLength() > 0) {
                row(text, Integer.toString(offset + tcp.headerLength()), hexBytes(buffer, tcp.dataOffsetIndex(),
                        tcp.dataLength()), "data", tcp.dataLength() + " bytes");
            }
            return new Transport(protocol, index, length, tcp.checksum(), "TCP checksum", false);
        }

        /**
         * Says why there is no walk-through (a fragment, or IPv4 UDP without a checksum) and returns false, or returns
         * true: the caller then walks the checksum through over its pseudo-header.
         */
        boolean walkThrough(StringBuilder text, boolean fragmented) {
            text.append('\n');
            if (fragmented) {
                text.append(checksumTitle).append(": it covers the pseudo-header and the whole reassembled message;")
                        .append(" one fragment alone cannot be checked.\n");
                return false;
            }
            if (noChecksum) {
                text.append(checksumTitle).append(": 0, none (RFC 768: \"An all zero transmitted checksum value means")
                        .append(" that the\n  transmitter generated no checksum\"); the receiver checks nothing.\n");
                return false;
            }
            return true;
        }
    }

    // ---- Parts shared by both families

    private static void laterFragment(StringBuilder text, int length, int offsetBytes, int protocol) {
        text.append("\nPayload: ").append(length).append(" bytes of a later fragment at offset ").append(offsetBytes)
                .append(": only the first fragment has the ").append(IpProtocol.name(protocol)).append(" header.\n");
    }

    /** The bytes between the common fields ({@code common}, in header order) and the data, as one row. */
    private static void restOfHeader(StringBuilder text, List<HeaderField> common, ByteBuf buffer, int base,
            int dataOffset, int offset, String name) {
        int start = base + common.get(common.size() - 1).byteEnd();
        row(text, Integer.toString(offset + start - base), hexBytes(buffer, start, dataOffset - start), name,
                "depends on the type");
    }

    private static void data(StringBuilder text, ByteBuf buffer, int base, int dataOffset, int dataLength,
            int offset, boolean echo) {
        if (dataLength > 0) {
            row(text, Integer.toString(offset + dataOffset - base), hexBytes(buffer, dataOffset, dataLength), "data",
                    dataLength + " bytes" + (echo ? ", which the reply returns unchanged" : ""));
        }
    }

    static void cannotRead(StringBuilder text, String what, DropReason reason, ByteBuf buffer, int index,
            int length) {
        text.append(what).append(" cannot be read field by field: ").append(reason.description()).append(" (")
                .append(reason.label()).append(", ").append(length).append(" bytes read).\n");
        hexDump(text, buffer, index, length);
    }

    // ---- Changes

    /**
     * What an answer changed from the packet it answers, field by field, and why; then what it kept. Both packets
     * are read as they were on the wire: {@code request} before the stack rewrote it.
     */
    public static String changes(ByteBuf request, ByteBuf reply) {
        StringBuilder text = new StringBuilder(2048);
        int version = versionOf(request);
        if (version != versionOf(reply) || (version != Ipv4Packet.VERSION && version != Ipv6Packet.VERSION)) {
            return text.append("The request and the reply are not both well-formed IPv4 or IPv6: no field comparison.\n")
                    .toString();
        }
        return version == Ipv4Packet.VERSION ? ipv4Changes(text, request, reply) : ipv6Changes(text, request, reply);
    }

    private static String ipv4Changes(StringBuilder text, ByteBuf request, ByteBuf reply) {
        Ipv4Packet before = Ipv4Packet.newUnchecked(request);
        Ipv4Packet after = Ipv4Packet.newUnchecked(reply);
        if (before.checkLength() != null || after.checkLength() != null) {
            return text.append("The request and the reply are not both well-formed IPv4: no field comparison.\n")
                    .toString();
        }
        List<String[]> changed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        compare(changed, kept, Ipv4Packet.FIELDS, before.buffer(), before.base(), after.buffer(), after.base(), 0,
                field -> FieldMeaning.ipv4(before, field), field -> FieldMeaning.ipv4(after, field), null, "");
        Icmpv4Packet icmpBefore = icmpOf(before);
        Icmpv4Packet icmpAfter = icmpOf(after);
        if (icmpBefore != null && icmpAfter != null && icmpBefore.checkLength() == null
                && icmpAfter.checkLength() == null) {
            List<HeaderField> fields = new ArrayList<>(Icmpv4Packet.FIELDS);
            fields.addAll(Icmpv4Packet.QUERY_FIELDS);
            compare(changed, kept, fields, icmpBefore.buffer(), icmpBefore.base(), icmpAfter.buffer(), icmpAfter.base(),
                    before.headerLength(), field -> FieldMeaning.icmpv4(icmpBefore, field),
                    field -> FieldMeaning.icmpv4(icmpAfter, field), Icmpv4Packet.CHECKSUM_FIELD,
                    checksumDelta(icmpBefore.type(), icmpAfter.type(), icmpBefore.typeAndCode(),
                            icmpAfter.typeAndCode(), icmpBefore.checksum(), icmpAfter.checksum()));
            kept.add(dataComparison(icmpBefore.buffer(), icmpBefore.dataOffset(), icmpBefore.dataLength(),
                    icmpAfter.buffer(), icmpAfter.dataOffset(), icmpAfter.dataLength(),
                    "RFC 792: \"The data received in the echo message must be returned in the echo reply message.\""));
        }
        if (before.protocol() == IpProtocol.TCP && after.protocol() == IpProtocol.TCP && before.fragmentOffset() == 0
                && after.fragmentOffset() == 0) {
            tcpChanges(changed, kept, before.buffer(), before.payloadOffset(), before.payloadLength(), after.buffer(),
                    after.payloadOffset(), after.payloadLength(), before.headerLength());
        }
        changeTable(text, changed);
        wrap(text, "  Unchanged: " + String.join(", ", kept) + ".");
        return text.toString();
    }

    /** The TCP fields of an answer compared with the segment it answers, when both can be read. */
    private static void tcpChanges(List<String[]> changed, List<String> kept, ByteBuf beforeBuffer, int beforeIndex,
            int beforeLength, ByteBuf afterBuffer, int afterIndex, int afterLength, int offset) {
        TcpPacket tcpBefore = new TcpPacket().wrap(beforeBuffer, beforeIndex, beforeLength);
        TcpPacket tcpAfter = new TcpPacket().wrap(afterBuffer, afterIndex, afterLength);
        if (tcpBefore.checkLength() != null || tcpAfter.checkLength() != null) {
            return;
        }
        int replyFlags = tcpAfter.flags();
        compare(changed, kept, TcpPacket.FIELDS, beforeBuffer, beforeIndex, afterBuffer, afterIndex, offset,
                field -> tcpValue(tcpBefore, field), field -> tcpValue(tcpAfter, field), null, "",
                field -> FieldMeaning.whyTcpChanged(field, replyFlags));
    }

    /** A TCP field's value for the change table: the checksum as stored (its verdict is in the dumps). */
    private static String tcpValue(TcpPacket tcp, HeaderField field) {
        return field == TcpPacket.CHECKSUM_FIELD ? hex(tcp.checksum()) : FieldMeaning.tcp(tcp, field, null);
    }

    private static String ipv6Changes(StringBuilder text, ByteBuf request, ByteBuf reply) {
        Ipv6Packet before = Ipv6Packet.newUnchecked(request);
        Ipv6Packet after = Ipv6Packet.newUnchecked(reply);
        if (before.checkLength() != null || after.checkLength() != null) {
            return text.append("The request and the reply are not both well-formed IPv6: no field comparison.\n")
                    .toString();
        }
        List<String[]> changed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        compare(changed, kept, Ipv6Packet.FIELDS, before.buffer(), before.base(), after.buffer(), after.base(), 0,
                field -> FieldMeaning.ipv6(before, field), field -> FieldMeaning.ipv6(after, field), null, "");
        // Echo messages straight after the fixed header: what ping sends and Linux answers.
        if (before.nextHeader() == IpProtocol.ICMPV6 && after.nextHeader() == IpProtocol.ICMPV6) {
            Icmpv6Packet icmpBefore = new Icmpv6Packet().wrap(before.buffer(), before.payloadOffset(),
                    before.payloadLength());
            Icmpv6Packet icmpAfter = new Icmpv6Packet().wrap(after.buffer(), after.payloadOffset(),
                    after.payloadLength());
            if (icmpBefore.checkLength() == null && icmpAfter.checkLength() == null) {
                List<HeaderField> fields = new ArrayList<>(Icmpv6Packet.FIELDS);
                fields.addAll(Icmpv6Packet.ECHO_FIELDS);
                int beforeSum = before.pseudoHeaderSum(icmpBefore.length(), IpProtocol.ICMPV6);
                int afterSum = after.pseudoHeaderSum(icmpAfter.length(), IpProtocol.ICMPV6);
                compare(changed, kept, fields, icmpBefore.buffer(), icmpBefore.base(), icmpAfter.buffer(),
                        icmpAfter.base(), Ipv6Packet.HEADER_LENGTH,
                        field -> FieldMeaning.icmpv6(icmpBefore, field, beforeSum),
                        field -> FieldMeaning.icmpv6(icmpAfter, field, afterSum), Icmpv6Packet.CHECKSUM_FIELD,
                        checksumDelta(icmpBefore.type(), icmpAfter.type(), icmpBefore.typeAndCode(),
                                icmpAfter.typeAndCode(), icmpBefore.checksum(), icmpAfter.checksum()));
                kept.add(dataComparison(icmpBefore.buffer(), icmpBefore.dataOffset(), icmpBefore.dataLength(),
                        icmpAfter.buffer(), icmpAfter.dataOffset(), icmpAfter.dataLength(),
                        "RFC 4443 4.2: \"The data received in the ICMPv6 Echo Request message MUST be returned"
                                + " entirely and unmodified in the ICMPv6 Echo Reply message.\""));
            }
        }
        if (before.nextHeader() == IpProtocol.TCP && after.nextHeader() == IpProtocol.TCP) {
            tcpChanges(changed, kept, before.buffer(), before.payloadOffset(), before.payloadLength(), after.buffer(),
                    after.payloadOffset(), after.payloadLength(), Ipv6Packet.HEADER_LENGTH);
        }
        changeTable(text, changed);
        wrap(text, "  Unchanged: " + String.join(", ", kept) + ".");
        return text.toString();
    }

    /** The changed fields, one row each with the reason below it; the value columns as wide as the widest value. */
    static void changeTable(StringBuilder text, List<String[]> changed) {
        int width = MIN_VALUE_WIDTH;
        for (String[] row : changed) {
            width = Math.max(width, row[2].length());
        }
        String format = "  %6s  %-23s  %-" + width + "s  %s%n";
        text.append("What the reply changed, and why\n");
        text.append(String.format(Locale.ROOT, format, "offset", "field", "request", "reply"));
        for (String[] row : changed) {
            text.append(String.format(Locale.ROOT, format, row[0], row[1], row[2], row[3]));
            text.append(WHY_INDENT).append(row[4]).append('\n');
        }
    }

    /**
     * One change row (offset, name, request's value, reply's value, reason) per field that differs; the names of the
     * others go to {@code kept}. The field {@code noted}, if it changed, gets {@code note} after its reason.
     */
    private static void compare(List<String[]> changed, List<String> kept, List<HeaderField> fields, ByteBuf before,
            int beforeBase, ByteBuf after, int afterBase, int offset, Function<HeaderField, String> beforeValue,
            Function<HeaderField, String> afterValue, HeaderField noted, String note) {
        compare(changed, kept, fields, before, beforeBase, after, afterBase, offset, beforeValue, afterValue, noted,
                note, FieldMeaning::whyChanged);
    }

    static void compare(List<String[]> changed, List<String> kept, List<HeaderField> fields, ByteBuf before,
            int beforeBase, ByteBuf after, int afterBase, int offset, Function<HeaderField, String> beforeValue,
            Function<HeaderField, String> afterValue, HeaderField noted, String note,
            Function<HeaderField, String> why) {
        for (HeaderField field : fields) {
            if (field.sameValue(before, beforeBase, after, afterBase)) {
                kept.add(field.name());
                continue;
            }
            changed.add(new String[] {offsetText(field, offset), field.name(),
                    withoutVerdict(beforeValue.apply(field)), withoutVerdict(afterValue.apply(field)),
                    why.apply(field) + (field == noted ? note : "")});
        }
    }

    /**
     * For an echo reply, RFC 1624's view of the checksum: the first word changed by the type's difference times 256,
     * so the checksum, its complement, moved by as much the other way, with the end-around carry. Empty unless the
     * reply's checksum is exactly that update of the request's.
     */
    private static String checksumDelta(int typeBefore, int typeAfter, int wordBefore, int wordAfter,
            int checksumBefore, int checksumAfter) {
        int expected = Checksum.update(checksumBefore, wordBefore, wordAfter);
        if (expected != checksumAfter || wordBefore == wordAfter) {
            return "";
        }
        boolean lowered = wordAfter < wordBefore;
        return ";\n" + WHY_INDENT + "type " + typeBefore + " -> " + typeAfter + (lowered ? " lowered" : " raised")
                + " the first word by " + hex(Math.abs(wordBefore - wordAfter)) + ", so the checksum "
                + (lowered ? "rose" : "fell") + " by as much (RFC 1624)";
    }

    private static String withoutVerdict(String value) {
        return value.replace(" (valid)", "").replace(" (INVALID)", "");
    }

    /** Appends {@code line}, broken at spaces to fit a terminal, continuation lines indented. */
    static void wrap(StringBuilder text, String line) {
        String rest = line;
        while (rest.length() > UNCHANGED_LINE_WIDTH) {
            int cut = rest.lastIndexOf(' ', UNCHANGED_LINE_WIDTH);
            if (cut <= WHY_INDENT.length()) {
                break;
            }
            text.append(rest, 0, cut).append('\n');
            rest = WHY_INDENT + rest.substring(cut + 1);
        }
        text.append(rest).append('\n');
    }

    private static String dataComparison(ByteBuf before, int beforeIndex, int beforeLength, ByteBuf after,
            int afterIndex, int afterLength, String rule) {
        if (beforeLength != afterLength) {
            return "(data length changed: " + beforeLength + " -> " + afterLength + " bytes)";
        }
        for (int i = 0; i < beforeLength; i++) {
            if (before.getByte(beforeIndex + i) != after.getByte(afterIndex + i)) {
                return "(data DIFFERS from byte " + i + ": " + rule + ")";
            }
        }
        return "all " + beforeLength + " data bytes (" + rule + ")";
    }

    // ---- Table rows

    static void tableHeader(StringBuilder text) {
        text.append(String.format(Locale.ROOT, TABLE_FORMAT, "offset", "bytes", "field", "value"));
    }

    /** One row per field of a header at absolute {@code base}, which lies {@code offset} bytes into the packet. */
    static void rows(StringBuilder text, List<HeaderField> fields, ByteBuf buffer, int base, int offset,
            Function<HeaderField, String> value) {
        for (HeaderField field : fields) {
            row(text, offsetText(field, offset), fieldBytes(field, buffer, base), field.name(), value.apply(field));
        }
    }

    static void row(StringBuilder text, String offset, String bytes, String name, String value) {
        text.append(String.format(Locale.ROOT, TABLE_FORMAT, offset, bytes, name, value));
    }

    /** The field's offset in the packet: {@code byte}, or {@code byte.bit} when it does not start on a byte. */
    private static String offsetText(HeaderField field, int offset) {
        int bit = field.bitOffset() % Byte.SIZE;
        return (offset + field.byteOffset()) + (bit == 0 ? "" : "." + bit);
    }

    /** Whole bytes in hex; a narrower field as its bits; a wide field that is not whole bytes as its value in hex. */
    private static String fieldBytes(HeaderField field, ByteBuf buffer, int base) {
        if (field.isByteAligned()) {
            return hexBytes(buffer, base + field.byteOffset(), field.byteLength());
        }
        long value = field.value(buffer, base);
        if (field.bitWidth() <= MAX_FIELD_BITS) {
            String bits = Long.toBinaryString(value);
            return "0".repeat(field.bitWidth() - bits.length()) + bits;
        }
        return String.format(Locale.ROOT, "%0" + (field.bitWidth() + 3) / 4 + "x", value);
    }

    static String hexBytes(ByteBuf buffer, int index, int length) {
        StringBuilder text = new StringBuilder(14);
        for (int i = 0; i < Math.min(length, MAX_FIELD_BYTES); i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(String.format(Locale.ROOT, "%02x", buffer.getUnsignedByte(index + i)));
        }
        return length > MAX_FIELD_BYTES ? text.append(" ..").toString() : text.toString();
    }

    static void hexDump(StringBuilder text, ByteBuf buffer, int index, int length) {
        int shown = Math.min(length, HEX_DUMP_LIMIT);
        for (int line = 0; line < shown; line += 16) {
            text.append(String.format(Locale.ROOT, "  %04x ", line));
            for (int i = line; i < Math.min(line + 16, shown); i++) {
                text.append(i % 2 == 0 ? " " : "").append(String.format(Locale.ROOT, "%02x",
                        buffer.getUnsignedByte(index + i)));
            }
            text.append('\n');
        }
        if (shown < length) {
            text.append("  ... ").append(length - shown).append(" more bytes\n");
        }
    }

    // ---- Small helpers

    private static int versionOf(ByteBuf packet) {
        return packet.isReadable() ? packet.getUnsignedByte(packet.readerIndex()) >>> 4 : -1;
    }

    /**
     * The ICMP view (not yet length-checked) of an ICMP datagram or of its first fragment, otherwise {@code null}.
     * Only the first fragment holds the ICMP header.
     */
    private static Icmpv4Packet icmpOf(Ipv4Packet ip) {
        if (ip.protocol() != IpProtocol.ICMP || ip.fragmentOffset() != 0) {
            return null;
        }
        return new Icmpv4Packet().wrap(ip.buffer(), ip.payloadOffset(), ip.payloadLength());
    }
}
