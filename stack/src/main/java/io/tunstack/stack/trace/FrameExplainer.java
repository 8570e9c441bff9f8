package io.tunstack.stack.trace;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.wire.ArpPacket;
import io.tunstack.stack.wire.EtherType;
import io.tunstack.stack.wire.EthernetFrame;
import io.tunstack.stack.wire.HeaderField;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --explain} for Ethernet frames, as a TAP device carries them: the Ethernet header field by field, then the
 * payload, an ARP packet (RFC 826) explained here or an IP packet explained by {@link PacketExplainer} (neighbour
 * discovery included); and for an answer, what changed in the Ethernet header and in ARP, and then in IP, and why.
 *
 * <p>The rows are the views' field tables, as {@link PacketExplainer}'s are: this class knows no offset. Never throws,
 * whatever the bytes; never moves the buffers' indices.
 */
public final class FrameExplainer {

    /** RFC 826, "Packet Reception": what a reply does to the request's fields. */
    private static final String ARP_SWAP = "swapped (RFC 826: \"Swap hardware and protocol fields, putting the local"
            + " hardware and protocol addresses in the sender fields\")";

    private FrameExplainer() {
    }

    /** The field-by-field dump of the readable bytes of {@code frame}, ending in a newline. */
    public static String explain(ByteBuf frame) {
        StringBuilder text = new StringBuilder(4096);
        EthernetFrame ethernet = EthernetFrame.newUnchecked(frame);
        DropReason malformed = ethernet.checkLength();
        if (malformed != null) {
            PacketExplainer.cannotRead(text, "Ethernet header", malformed, frame, frame.readerIndex(),
                    frame.readableBytes());
            return text.toString();
        }
        text.append("Ethernet header, ").append(EthernetFrame.HEADER_LENGTH)
                .append(" bytes (Ethernet II: RFC 894 for IPv4 and ARP, RFC 2464 for IPv6)\n");
        PacketExplainer.tableHeader(text);
        PacketExplainer.rows(text, EthernetFrame.FIELDS, frame, ethernet.base(), 0,
                field -> FieldMeaning.ethernet(ethernet, field));
        switch (ethernet.etherType()) {
            case EtherType.IPV4:
            case EtherType.IPV6:
                text.append("\nFrom byte ").append(EthernetFrame.HEADER_LENGTH)
                        .append(", the IP packet; the offsets below count from its first byte.\n\n")
                        .append(PacketExplainer.explain(FrameFormatter.payload(ethernet)));
                break;
            case EtherType.ARP:
                explainArp(text, ethernet);
                break;
            default:
                text.append("\nPayload: ").append(ethernet.payloadLength()).append(" bytes of EtherType ")
                        .append(EtherType.name(ethernet.etherType()))
                        .append(", not explained (tunstack takes IPv4, IPv6 and ARP; it drops the rest).\n");
                PacketExplainer.hexDump(text, frame, ethernet.payloadOffset(), ethernet.payloadLength());
        }
        return text.toString();
    }

    private static void explainArp(StringBuilder text, EthernetFrame ethernet) {
        ArpPacket arp = FrameFormatter.arp(ethernet);
        text.append('\n');
        DropReason malformed = arp.checkLength();
        if (malformed != null) {
            PacketExplainer.cannotRead(text, "ARP packet", malformed, arp.buffer(), arp.base(), arp.bytesRead());
            return;
        }
        text.append("ARP packet, ").append(ArpPacket.LENGTH).append(" bytes (RFC 826)\n");
        PacketExplainer.tableHeader(text);
        PacketExplainer.rows(text, ArpPacket.FIELDS, arp.buffer(), arp.base(), EthernetFrame.HEADER_LENGTH,
                field -> FieldMeaning.arp(arp, field));
        int padding = ethernet.payloadLength() - ArpPacket.LENGTH;
        if (padding > 0) {
            PacketExplainer.row(text, Integer.toString(EthernetFrame.HEADER_LENGTH + ArpPacket.LENGTH),
                    PacketExplainer.hexBytes(arp.buffer(), arp.base() + ArpPacket.LENGTH, padding), "padding",
                    padding + " bytes, up to the Ethernet minimum of " + EthernetFrame.MIN_FRAME_LENGTH
                            + " (RFC 894)");
        }
    }

    /**
     * What an answer changed from the frame it answers, field by field, and why: the Ethernet header, then ARP, or the
     * IP packet ({@link PacketExplainer#changes}). Both frames are read as they were on the wire.
     */
    public static String changes(ByteBuf request, ByteBuf reply) {
        StringBuilder text = new StringBuilder(2048);
        EthernetFrame before = EthernetFrame.newUnchecked(request);
        EthernetFrame after = EthernetFrame.newUnchecked(reply);
        if (before.checkLength() != null || after.checkLength() != null) {
            return text.append("The request and the reply are not both well-formed Ethernet frames: no field"
                    + " comparison.\n").toString();
        }
        List<String[]> changed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        PacketExplainer.compare(changed, kept, EthernetFrame.FIELDS, request, before.base(), reply, after.base(), 0,
                field -> FieldMeaning.ethernetValue(before, field), field -> FieldMeaning.ethernetValue(after, field),
                null, "",
                FrameExplainer::whyEthernetChanged);
        boolean arp = before.etherType() == EtherType.ARP && after.etherType() == EtherType.ARP;
        if (arp) {
            ArpPacket arpBefore = FrameFormatter.arp(before);
            ArpPacket arpAfter = FrameFormatter.arp(after);
            if (arpBefore.checkLength() == null && arpAfter.checkLength() == null) {
                PacketExplainer.compare(changed, kept, ArpPacket.FIELDS, request, arpBefore.base(), reply,
                        arpAfter.base(), EthernetFrame.HEADER_LENGTH, field -> FieldMeaning.arp(arpBefore, field),
                        field -> FieldMeaning.arp(arpAfter, field), null, "", FrameExplainer::whyArpChanged);
            }
        }
        PacketExplainer.changeTable(text, changed);
        PacketExplainer.wrap(text, "  Unchanged: " + String.join(", ", kept) + ".");
        if (!arp && before.etherType() == after.etherType()) {
            text.append("\nIn the IP packet:\n").append(PacketExplainer.changes(FrameFormatter.payload(before),
                    FrameFormatter.payload(after)));
        }
        return text.toString();
    }

    private static String whyEthernetChanged(HeaderField field) {
        if (field == EthernetFrame.DESTINATION_FIELD) {
            return "the answer goes to the station that asked: the request's Source Address";
        }
        if (field == EthernetFrame.SOURCE_FIELD) {
            return "the answering host's own MAC address: 02:54 and its IPv4 address, 02:56 and the last 4 bytes of"
                    + " its IPv6 address, or its profile's mac";
        }
        return "a different " + field.name();
    }

    private static String whyArpChanged(HeaderField field) {
        if (field == ArpPacket.OPERATION_FIELD) {
            return "a reply (RFC 826: \"Set the ar$op field to ares_op$REPLY\")";
        }
        if (field == ArpPacket.SENDER_HARDWARE_ADDRESS_FIELD) {
            return "the answering host's MAC address (RFC 826: \"putting the local hardware and protocol addresses"
                    + " in the sender fields\")";
        }
        if (field == ArpPacket.SENDER_PROTOCOL_ADDRESS_FIELD || field == ArpPacket.TARGET_HARDWARE_ADDRESS_FIELD
                || field == ArpPacket.TARGET_PROTOCOL_ADDRESS_FIELD) {
            return ARP_SWAP;
        }
        return "a different " + field.name();
    }
}
