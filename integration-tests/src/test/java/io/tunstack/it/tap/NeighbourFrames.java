package io.tunstack.it.tap;

import io.tunstack.it.hostile.InternetChecksum;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ethernet frames of ARP (RFC 826) and neighbour discovery (RFC 4861) as a neighbour on the bridge sends them, written
 * here independently of the stack's own views, and the garbage made of them: each broken in one field, so that
 * tunstack must answer none. Each valid frame's answer is named by the test beside it, so that "no answer" cannot pass
 * against a dead responder.
 */
final class NeighbourFrames {

    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_ARP = 0x0806;
    static final int ETHERTYPE_VLAN = 0x8100;
    static final int ETHERTYPE_IPV6 = 0x86DD;
    /** IEEE 802 "local experimental" EtherType: no stack speaks it. */
    static final int ETHERTYPE_EXPERIMENTAL = 0x88B5;
    static final long BROADCAST = 0xFFFF_FFFF_FFFFL;

    static final int ARP_REQUEST = 1;
    static final int ARP_REPLY = 2;
    static final int ICMPV6_NEIGHBOR_SOLICITATION = 135;
    static final int ICMPV6_NEIGHBOR_ADVERTISEMENT = 136;
    static final int NDP_SOURCE_LINK_LAYER_ADDRESS = 1;
    private static final int ICMPV6 = 58;
    /** RFC 4861 7.1.1: "The IP Hop Limit field has a value of 255". */
    private static final int NDP_HOP_LIMIT = 255;

    private static final int ETHERNET_HEADER = 14;
    private static final int ARP_LENGTH = 28;
    private static final int IPV6_HEADER = 40;
    /** Type, code, checksum, reserved, target address: 4 + 4 + 16. */
    private static final int NS_LENGTH = 24;
    private static final int LINK_LAYER_OPTION = 8;

    private NeighbourFrames() {
    }

    /** An ARP packet for Ethernet and IPv4, field by field, before it is put in a frame. */
    static final class Arp {
        int hardwareType = 1;
        int protocolType = ETHERTYPE_IPV4;
        int hardwareLength = 6;
        int protocolLength = 4;
        int operation = ARP_REQUEST;
        long senderMac;
        String senderIp;
        long targetMac;
        String targetIp;
        /** How many of the 28 bytes are sent. */
        int length = ARP_LENGTH;

        Arp(long senderMac, String senderIp, String targetIp) {
            this.senderMac = senderMac;
            this.senderIp = senderIp;
            this.targetIp = targetIp;
        }

        byte[] bytes() {
            ByteBuffer arp = ByteBuffer.allocate(ARP_LENGTH);
            arp.putShort((short) hardwareType).putShort((short) protocolType).put((byte) hardwareLength)
                    .put((byte) protocolLength).putShort((short) operation);
            putMac(arp, senderMac);
            arp.put(address(senderIp));
            putMac(arp, targetMac);
            arp.put(address(targetIp));
            return Arrays.copyOf(arp.array(), length);
        }
    }

    /** A Neighbor Solicitation (or, with {@link #type}, another NDP message) in IPv6, field by field. */
    static final class Solicitation {
        int hopLimit = NDP_HOP_LIMIT;
        String source;
        String destination;
        int type = ICMPV6_NEIGHBOR_SOLICITATION;
        int code;
        /** Flipped into the checksum after it is computed: 0 leaves it valid. */
        int checksumError;
        String target;
        /** The source link-layer address option's MAC, or -1 for none. */
        long sourceLinkLayer;
        /** The option's length in units of 8 bytes: 1 for an Ethernet address. */
        int optionLength = 1;
        /** How many bytes of the message (the 24 fixed, then the option) are sent. */
        int messageLength = -1;

        Solicitation(String source, long sourceMac, String target) {
            this.source = source;
            this.sourceLinkLayer = sourceMac;
            this.target = target;
            this.destination = solicitedNode(target);
        }

        byte[] bytes() {
            int full = NS_LENGTH + (sourceLinkLayer >= 0 ? LINK_LAYER_OPTION : 0);
            int length = messageLength >= 0 ? messageLength : full;
            ByteBuffer message = ByteBuffer.allocate(Math.max(full, length));
            message.put((byte) type).put((byte) code).putShort((short) 0).putInt(0).put(address(target));
            if (sourceLinkLayer >= 0) {
                message.put((byte) NDP_SOURCE_LINK_LAYER_ADDRESS).put((byte) optionLength);
                putMac(message, sourceLinkLayer);
            }
            byte[] icmp = Arrays.copyOf(message.array(), length);
            byte[] src = address(source);
            byte[] dst = address(destination);
            // RFC 4443 2.3: the checksum covers the pseudo-header (RFC 8200 8.1) and the whole message.
            ByteBuffer summed = ByteBuffer.allocate(IPV6_HEADER + icmp.length);
            summed.put(src).put(dst).putInt(icmp.length).putInt(ICMPV6).put(icmp);
            int checksum = InternetChecksum.of(summed.array(), 0, summed.capacity()) ^ checksumError;
            if (icmp.length >= 4) {
                icmp[2] = (byte) (checksum >>> 8);
                icmp[3] = (byte) checksum;
            }
            ByteBuffer packet = ByteBuffer.allocate(IPV6_HEADER + icmp.length);
            packet.putInt(0x6000_0000).putShort((short) icmp.length).put((byte) ICMPV6).put((byte) hopLimit)
                    .put(src).put(dst).put(icmp);
            return packet.array();
        }
    }

    /** An Ethernet II frame: destination, source, type, payload; no padding, no frame check sequence. */
    static byte[] frame(long destination, long source, int etherType, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(ETHERNET_HEADER + payload.length);
        putMac(frame, destination);
        putMac(frame, source);
        return frame.putShort((short) etherType).put(payload).array();
    }

    /** A frame with an IEEE 802.1Q tag (VLAN {@code vlan}) before the real type. */
    static byte[] vlanTagged(long destination, long source, int vlan, int etherType, byte[] payload) {
        ByteBuffer tagged = ByteBuffer.allocate(4 + payload.length);
        tagged.putShort((short) vlan).putShort((short) etherType).put(payload);
        return frame(destination, source, ETHERTYPE_VLAN, tagged.array());
    }

    /** RFC 4291 2.7.1: ff02::1:ff00:0/104 and the address's last 24 bits. */
    static String solicitedNode(String address) {
        byte[] bytes = address(address);
        return String.format("ff02::1:ff%02x:%02x%02x", bytes[13] & 0xff, bytes[14] & 0xff, bytes[15] & 0xff);
    }

    /** RFC 2464 7: 33:33 and the multicast address's last 32 bits. */
    static long multicastMac(String group) {
        byte[] bytes = address(group);
        return 0x3333_0000_0000L | (ByteBuffer.wrap(bytes, 12, 4).getInt() & 0xFFFF_FFFFL);
    }

    /** {@code 02:54:ac:15:16:1a} as 48 bits. */
    static long mac(String text) {
        return Long.parseLong(text.replace(":", ""), 16);
    }

    /**
     * The garbage of the storm, by name: ARP and neighbour solicitations that ask for {@code answered} (an IPv4
     * and an IPv6 address tunstack answers) from {@code peerMac}, each broken in one field, and well-formed ones for
     * addresses tunstack must not claim. tunstack answers none of them.
     */
    static Map<String, byte[]> garbage(long peerMac, String peerIpv4, String peerIpv6, String answeredIpv4,
            String answeredIpv6, String unansweredIpv4, String unansweredIpv6, String kernelIpv4,
            String kernelIpv6) {
        Map<String, byte[]> frames = new LinkedHashMap<>();
        arp(frames, "arp hardware type 7", peerMac, peerIpv4, answeredIpv4, arp -> arp.hardwareType = 7);
        arp(frames, "arp protocol type IPv6", peerMac, peerIpv4, answeredIpv4,
                arp -> arp.protocolType = ETHERTYPE_IPV6);
        arp(frames, "arp hardware length 8", peerMac, peerIpv4, answeredIpv4, arp -> arp.hardwareLength = 8);
        arp(frames, "arp protocol length 16", peerMac, peerIpv4, answeredIpv4, arp -> arp.protocolLength = 16);
        arp(frames, "arp operation 3 (RARP)", peerMac, peerIpv4, answeredIpv4, arp -> arp.operation = 3);
        arp(frames, "arp reply", peerMac, peerIpv4, answeredIpv4, arp -> {
            arp.operation = ARP_REPLY;
            arp.targetMac = mac("02:54:ac:15:16:1a");
        });
        arp(frames, "arp truncated to 20 bytes", peerMac, peerIpv4, answeredIpv4, arp -> arp.length = 20);
        arp(frames, "arp sender hardware address multicast", peerMac, peerIpv4, answeredIpv4,
                arp -> arp.senderMac = 0x0100_5e00_0001L);
        arp(frames, "arp target multicast", peerMac, peerIpv4, "224.0.0.1", arp -> { });
        arp(frames, "arp target loopback", peerMac, peerIpv4, "127.0.0.1", arp -> { });
        arp(frames, "arp for the peer's own address", peerMac, peerIpv4, peerIpv4, arp -> { });
        arp(frames, "arp for an address not answered", peerMac, peerIpv4, unansweredIpv4, arp -> { });
        arp(frames, "arp for the kernel's own address", peerMac, peerIpv4, kernelIpv4, arp -> { });
        frames.put("arp to another station's unicast MAC", frame(mac("02:00:00:00:00:99"), peerMac,
                ETHERTYPE_ARP, new Arp(peerMac, peerIpv4, answeredIpv4).bytes()));
        frames.put("arp in a VLAN tag", vlanTagged(BROADCAST, peerMac, 7, ETHERTYPE_ARP,
                new Arp(peerMac, peerIpv4, answeredIpv4).bytes()));
        frames.put("unknown EtherType", frame(BROADCAST, peerMac, ETHERTYPE_EXPERIMENTAL,
                new Arp(peerMac, peerIpv4, answeredIpv4).bytes()));

        ns(frames, "ns hop limit 64", peerMac, peerIpv6, answeredIpv6, ns -> ns.hopLimit = 64);
        ns(frames, "ns code 1", peerMac, peerIpv6, answeredIpv6, ns -> ns.code = 1);
        ns(frames, "ns bad checksum", peerMac, peerIpv6, answeredIpv6, ns -> ns.checksumError = 0x0101);
        ns(frames, "ns truncated to 20 bytes", peerMac, peerIpv6, answeredIpv6, ns -> ns.messageLength = 20);
        ns(frames, "ns target multicast", peerMac, peerIpv6, answeredIpv6, ns -> {
            ns.target = "ff02::1";
            ns.destination = solicitedNode(answeredIpv6);
        });
        ns(frames, "ns from :: with a source link-layer option", peerMac, peerIpv6, answeredIpv6,
                ns -> ns.source = "::");
        ns(frames, "ns option length 0", peerMac, peerIpv6, answeredIpv6, ns -> ns.optionLength = 0);
        ns(frames, "ns for the peer's own address", peerMac, peerIpv6, peerIpv6, ns -> { });
        ns(frames, "ns for an address not answered", peerMac, peerIpv6, unansweredIpv6, ns -> { });
        ns(frames, "ns for the kernel's own address", peerMac, peerIpv6, kernelIpv6, ns -> { });
        ns(frames, "neighbor advertisement", peerMac, peerIpv6, answeredIpv6,
                ns -> ns.type = ICMPV6_NEIGHBOR_ADVERTISEMENT);
        Solicitation elsewhere = new Solicitation(peerIpv6, peerMac, answeredIpv6);
        frames.put("ns to another station's unicast MAC", frame(mac("02:00:00:00:00:99"), peerMac, ETHERTYPE_IPV6,
                elsewhere.bytes()));
        return frames;
    }

    /** A valid ARP request for {@code targetIp}, broadcast. */
    static byte[] arpRequest(long peerMac, String peerIp, String targetIp) {
        return frame(BROADCAST, peerMac, ETHERTYPE_ARP, new Arp(peerMac, peerIp, targetIp).bytes());
    }

    /** A valid Neighbor Solicitation for {@code target}, to its solicited-node group. */
    static byte[] neighborSolicitation(long peerMac, String peerIp, String target) {
        Solicitation ns = new Solicitation(peerIp, peerMac, target);
        return frame(multicastMac(ns.destination), peerMac, ETHERTYPE_IPV6, ns.bytes());
    }

    private static void arp(Map<String, byte[]> frames, String name, long peerMac, String peerIp, String target,
            java.util.function.Consumer<Arp> broken) {
        Arp arp = new Arp(peerMac, peerIp, target);
        broken.accept(arp);
        frames.put(name, frame(BROADCAST, peerMac, ETHERTYPE_ARP, arp.bytes()));
    }

    private static void ns(Map<String, byte[]> frames, String name, long peerMac, String peerIp, String target,
            java.util.function.Consumer<Solicitation> broken) {
        Solicitation ns = new Solicitation(peerIp, peerMac, target);
        broken.accept(ns);
        frames.put(name, frame(multicastMac(ns.destination), peerMac, ETHERTYPE_IPV6, ns.bytes()));
    }

    private static void putMac(ByteBuffer buffer, long mac) {
        buffer.putShort((short) (mac >>> 32)).putInt((int) mac);
    }

    private static byte[] address(String text) {
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + text, e);
        }
    }
}
