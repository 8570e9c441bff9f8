package io.tunstack.stack.trace;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.wire.ArpPacket;
import io.tunstack.stack.wire.EtherType;
import io.tunstack.stack.wire.EthernetFrame;

/**
 * One-line summaries of Ethernet frames, as a TAP device carries them, in the shape {@code tcpdump -e} prints, for
 * {@code --trace}: the Ethernet header, then the payload's own summary, ARP or IP ({@link PacketFormatter}, which
 * names neighbour discovery as tcpdump does):
 *
 * <pre>
 * 02:00:ac:15:16:c8 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: ARP, Request who-has 172.21.22.26 tell 172.21.22.200, length 28
 * 02:54:ac:15:16:1a > 02:00:ac:15:16:c8, ethertype ARP (0x0806), length 60: ARP, Reply 172.21.22.26 is-at 02:54:ac:15:16:1a, length 28
 * 02:00:ac:15:16:c8 > 33:33:ff:00:00:26, ethertype IPv6 (0x86dd), length 86: IP6 fe80::ff:fe15:16c8 > ff02::1:ff00:26: ICMP6, neighbor solicitation, who has fd00:172:21:22::26, source link-address 02:00:ac:15:16:c8, length 32
 * 02:54:ac:15:16:1a > 02:00:ac:15:16:c8, ethertype IPv4 (0x0800), length 98: IP 172.21.22.26 > 172.21.22.200: ICMP echo reply, id 7, seq 1, length 64
 * </pre>
 *
 * <p>Unlike {@code tcpdump -e}, the payload keeps its protocol word ({@code IP}, {@code ARP}), so that a line reads the
 * same with and without a link layer. A VLAN tag or another EtherType ends the line after the header: tunstack drops
 * those frames. The ARP length is the ARP packet's own (28), not its padding's. Composed of the views' own
 * {@code summary()}s; this class knows no offset. Never throws, never moves the buffer's indices.
 */
public final class FrameFormatter {

    private FrameFormatter() {
    }

    /** The summary of the readable bytes of {@code frame}. */
    public static String summary(ByteBuf frame) {
        EthernetFrame ethernet = EthernetFrame.newUnchecked(frame);
        if (ethernet.checkLength() != null) {
            return ethernet.summary();
        }
        String header = ethernet.summary();
        switch (ethernet.etherType()) {
            case EtherType.IPV4:
            case EtherType.IPV6:
                return header + ": " + PacketFormatter.summary(payload(ethernet));
            case EtherType.ARP:
                return header + ": " + arp(ethernet).summary();
            default:
                return header;
        }
    }

    /** The frame's payload, padding included (the IP layer trims it by its length), as a slice: indices untouched. */
    static ByteBuf payload(EthernetFrame ethernet) {
        return ethernet.buffer().slice(ethernet.payloadOffset(), ethernet.payloadLength());
    }

    /**
     * The ARP packet of the frame, without the frame's padding when it is all there: RFC 826 packets for Ethernet and
     * IPv4 are {@link ArpPacket#LENGTH} bytes, and a frame pads them to the Ethernet minimum.
     */
    static ArpPacket arp(EthernetFrame ethernet) {
        return new ArpPacket().wrap(ethernet.buffer(), ethernet.payloadOffset(),
                Math.min(ethernet.payloadLength(), ArpPacket.LENGTH));
    }
}
