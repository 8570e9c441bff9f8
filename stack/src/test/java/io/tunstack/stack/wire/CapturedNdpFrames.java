package io.tunstack.stack.wire;

import io.netty.buffer.ByteBuf;

/**
 * Real neighbor discovery between two Linux namespaces joined by a veth pair, as whole Ethernet frames (the 14-byte
 * header included), shared with other modules' tests through the stack's test-jar; {@link #copy} makes a buffer. The
 * veths were given the MACs tunstack derives for their addresses (02:56 and the address's last 4 bytes), so a frame
 * that tunstack builds for the same address compares whole with the one Linux sent.
 *
 * <p>Namespace A has fd00:172:21:22::23 on va (02:56:00:00:00:23), namespace B fd00:172:21:22::26 on vb
 * (02:56:00:00:00:26). How they were captured (Linux 6.18, iputils ping, tcpdump 4.99), as root on a scratch machine:
 *
 * <pre>
 * ip netns add tapndp-a; ip netns add tapndp-b
 * ip link add va netns tapndp-a address 02:56:00:00:00:23 type veth \
 *     peer name vb netns tapndp-b address 02:56:00:00:00:26
 * ip netns exec tapndp-b sysctl -w net.ipv6.conf.vb.ndisc_notify=1   # an unsolicited NA after DAD
 * ip -n tapndp-a link set va up; ip -n tapndp-b link set vb up
 * ip netns exec tapndp-a tcpdump -i va -U -w ndp.pcap 'icmp6 and (ip6[40] == 135 or ip6[40] == 136)' &amp;
 * ip -n tapndp-a addr add fd00:172:21:22::23/64 dev va nodad
 * ip -n tapndp-b addr add fd00:172:21:22::26/64 dev vb              # B's DAD, then NA_UNSOLICITED
 * ip netns exec tapndp-a ping -6 -c 1 fd00:172:21:22::26            # NS_RESOLVE, NA_SOLICITED
 * sleep 8                                                           # B's entry for A: STALE, DELAY, then PROBE:
 *                                                                   # NS_PROBE, NA_TO_PROBE
 * ip -n tapndp-a addr add fd00:172:21:22::26/64 dev va              # NS_DAD, NA_TO_DAD (A: "dadfailed")
 * ip netns del tapndp-a; ip netns del tapndp-b
 * # Again, both addresses nodad, the capture on va as above, the other way round:
 * ip netns exec tapndp-b ping -6 -c 1 fd00:172:21:22::23            # NS_RESOLVE_FROM_B, NA_SOLICITED_FROM_A
 * tcpdump -r ndp.pcap -nn -e -v -xx                                 # -xx: from the Ethernet header on
 * </pre>
 *
 * <p>Every NDP message Linux sent has traffic class 0, flow label 0 and hop limit 255 (ip6_nd_hdr()).
 */
public final class CapturedNdpFrames {

    /** The upper 64 bits of both global addresses, fd00:172:21:22::/64. */
    public static final long PREFIX = 0xfd00_0172_0021_0022L;
    /** The MAC of va in namespace A, fd00:172:21:22::23's: what tunstack derives for that address. */
    public static final long MAC_A = 0x0256_0000_0023L;
    /** The MAC of vb in namespace B, fd00:172:21:22::26's. */
    public static final long MAC_B = 0x0256_0000_0026L;
    /** The Nonce option (RFC 3971 5.3.2) that Linux puts in DAD probes (RFC 7527, enhanced DAD). */
    public static final int NONCE_OPTION = 14;

    /**
     * A's Neighbor Solicitation to resolve fd00:172:21:22::26 before its echo request: from ::23 and 02:56:00:00:00:23
     * to the solicited-node group ff02::1:ff00:26 at 33:33:ff:00:00:26, Reserved 0, the Source Link-Layer Address
     * option 02:56:00:00:00:23. 86 bytes.
     */
    public static final byte[] NS_RESOLVE = CapturedIpv6Packets.hex(
            "3333 ff00 0026 0256 0000 0023 86dd 6000 0000 0020 3aff fd00 0172 0021 0022 0000"
            + " 0000 0000 0023 ff02 0000 0000 0000 0000 0001 ff00 0026 8700 794b 0000 0000 fd00"
            + " 0172 0021 0022 0000 0000 0000 0026 0101 0256 0000 0023");

    /**
     * B's answer to {@link #NS_RESOLVE}: a Neighbor Advertisement from ::26 to ::23, unicast to 02:56:00:00:00:23,
     * Solicited and Override set, Router clear, the Target Link-Layer Address option 02:56:00:00:00:26. 86 bytes.
     */
    public static final byte[] NA_SOLICITED = CapturedIpv6Packets.hex(
            "0256 0000 0023 0256 0000 0026 86dd 6000 0000 0020 3aff fd00 0172 0021 0022 0000"
            + " 0000 0000 0026 fd00 0172 0021 0022 0000 0000 0000 0023 8800 1697 6000 0000 fd00"
            + " 0172 0021 0022 0000 0000 0000 0026 0201 0256 0000 0026");

    /**
     * B's unicast probe of A, five seconds after the echo reply left its entry for A unconfirmed (Linux NUD_PROBE):
     * a Neighbor Solicitation for ::23 to ::23 itself at 02:56:00:00:00:23, from B's link-local address
     * fe80::56:ff:fe00:26, with the Source Link-Layer Address option 02:56:00:00:00:26. 86 bytes.
     */
    public static final byte[] NS_PROBE = CapturedIpv6Packets.hex(
            "0256 0000 0023 0256 0000 0026 86dd 6000 0000 0020 3aff fe80 0000 0000 0000 0056"
            + " 00ff fe00 0026 fd00 0172 0021 0022 0000 0000 0000 0023 8700 7979 0000 0000 fd00"
            + " 0172 0021 0022 0000 0000 0000 0023 0101 0256 0000 0026");

    /**
     * A's answer to the unicast {@link #NS_PROBE}: Solicited only (no Override) and no option, 24 bytes of message:
     * Linux ndisc_recv_ns() includes the option and sets Override only for a multicast solicitation. 78 bytes.
     */
    public static final byte[] NA_TO_PROBE = CapturedIpv6Packets.hex(
            "0256 0000 0026 0256 0000 0023 86dd 6000 0000 0018 3aff fd00 0172 0021 0022 0000"
            + " 0000 0000 0023 fe80 0000 0000 0000 0056 00ff fe00 0026 8800 3bfe 4000 0000 fd00"
            + " 0172 0021 0022 0000 0000 0000 0023");

    /**
     * A's duplicate address detection for fd00:172:21:22::26, which B already has: a Neighbor Solicitation from ::
     * (RFC 4862 5.4.2) to ff02::1:ff00:26 at 33:33:ff:00:00:26, from 02:56:00:00:00:23, with no link-layer option but
     * a Nonce option (type 14, length 1, 11:02:94:9c:09:d7). 86 bytes.
     */
    public static final byte[] NS_DAD = CapturedIpv6Packets.hex(
            "3333 ff00 0026 0256 0000 0023 86dd 6000 0000 0020 3aff 0000 0000 0000 0000 0000"
            + " 0000 0000 0000 ff02 0000 0000 0000 0000 0001 ff00 0026 8700 be27 0000 0000 fd00"
            + " 0172 0021 0022 0000 0000 0000 0026 0e01 1102 949c 09d7");

    /**
     * B's answer to {@link #NS_DAD}: a Neighbor Advertisement from ::26 to all-nodes ff02::1 at 33:33:00:00:00:01,
     * Solicited clear (RFC 4861 7.2.4), Override set, the Target Link-Layer Address option 02:56:00:00:00:26. A's
     * address became "dadfailed". 86 bytes.
     */
    public static final byte[] NA_TO_DAD = CapturedIpv6Packets.hex(
            "3333 0000 0001 0256 0000 0026 86dd 6000 0000 0020 3aff fd00 0172 0021 0022 0000"
            + " 0000 0000 0026 ff02 0000 0000 0000 0000 0000 0000 0001 8800 566c 2000 0000 fd00"
            + " 0172 0021 0022 0000 0000 0000 0026 0201 0256 0000 0026");

    /**
     * B's unsolicited Neighbor Advertisement for ::26 once its own DAD completed ({@code ndisc_notify=1}, Linux
     * addrconf_dad_completed()): to all-nodes, Override set, with the Target Link-Layer Address option; the same
     * bytes as {@link #NA_TO_DAD}. 86 bytes.
     */
    public static final byte[] NA_UNSOLICITED = CapturedIpv6Packets.hex(
            "3333 0000 0001 0256 0000 0026 86dd 6000 0000 0020 3aff fd00 0172 0021 0022 0000"
            + " 0000 0000 0026 ff02 0000 0000 0000 0000 0000 0000 0001 8800 566c 2000 0000 fd00"
            + " 0172 0021 0022 0000 0000 0000 0026 0201 0256 0000 0026");

    /**
     * B's Neighbor Solicitation to resolve fd00:172:21:22::23 before its echo request: from ::26 and
     * 02:56:00:00:00:26 to ff02::1:ff00:23 at 33:33:ff:00:00:23, with the Source Link-Layer Address option. 86 bytes.
     */
    public static final byte[] NS_RESOLVE_FROM_B = CapturedIpv6Packets.hex(
            "3333 ff00 0023 0256 0000 0026 86dd 6000 0000 0020 3aff fd00 0172 0021 0022 0000"
            + " 0000 0000 0026 ff02 0000 0000 0000 0000 0001 ff00 0023 8700 794b 0000 0000 fd00"
            + " 0172 0021 0022 0000 0000 0000 0023 0101 0256 0000 0026");

    /**
     * A's answer to {@link #NS_RESOLVE_FROM_B}: from ::23 to ::26 at 02:56:00:00:00:26, Solicited and Override, the
     * Target Link-Layer Address option 02:56:00:00:00:23. 86 bytes.
     */
    public static final byte[] NA_SOLICITED_FROM_A = CapturedIpv6Packets.hex(
            "0256 0000 0026 0256 0000 0023 86dd 6000 0000 0020 3aff fd00 0172 0021 0022 0000"
            + " 0000 0000 0023 fd00 0172 0021 0022 0000 0000 0000 0026 8800 169d 6000 0000 fd00"
            + " 0172 0021 0022 0000 0000 0000 0023 0201 0256 0000 0023");

    private CapturedNdpFrames() {
    }

    /** A fresh pooled direct buffer holding {@code frame}; the caller releases it. */
    public static ByteBuf copy(byte[] frame) {
        return CapturedIpv6Packets.copy(frame);
    }
}
