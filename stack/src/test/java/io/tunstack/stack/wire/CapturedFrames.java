package io.tunstack.stack.wire;

import static io.tunstack.stack.wire.CapturedIpv6Packets.hex;

/**
 * Whole Ethernet frames, ARP and IP, captured between two Linux namespaces joined by a veth pair: a client
 * ({@code 5e:2b:80:15:34:6f}, 172.21.22.23/24 and fd00:172:21:22::23/64, the addresses tunstack's kernel side has)
 * and a Linux host whose MAC is the one tunstack derives for the virtual host it plays (172.21.22.26 on
 * {@code 02:54:ac:15:16:1a}; fd00:172:21:22::26 on {@code 02:56:00:00:00:26}), so that the host's frames are what
 * tunstack must send. Shared with other modules' tests through the stack's test-jar; {@link CapturedIpv6Packets#copy}
 * makes a buffer. A veth does not pad: the ARP frames are 42 bytes and the smallest echo 43, where a NIC (and
 * tunstack) sends 60.
 *
 * <p>How they were captured (Linux 6.18, iputils ping, tcpdump 4.99.3), as root on a scratch machine:
 *
 * <pre>
 * ip netns add tapstack-a; ip netns add tapstack-b
 * ip link add va netns tapstack-a address 5e:2b:80:15:34:6f type veth peer name vb netns tapstack-b \
 *     address 02:54:ac:15:16:1a
 * ip -n tapstack-a addr add 172.21.22.23/24 dev va; ip -n tapstack-b addr add 172.21.22.26/24 dev vb
 * ip -n tapstack-a link set va up; ip -n tapstack-b link set vb up
 * ip netns exec tapstack-b tcpdump -i vb -U -w v4.pcap &amp;
 * ip netns exec tapstack-a ping -c 1 172.21.22.26          # ARP_REQUEST, ARP_REPLY, ECHO_REQUEST, ECHO_REPLY
 * ip netns exec tapstack-a ping -c 1 -s 1 172.21.22.26     # SMALL_ECHO_REQUEST, SMALL_ECHO_REPLY
 * ip netns exec tapstack-a tcpdump -i va -U -w v4b.pcap &amp;
 * ip netns exec tapstack-b sysctl net.ipv4.conf.vb.arp_notify=1; ip -n tapstack-b link set vb down; ... up
 *                                                          # GRATUITOUS_ARP
 * ip netns exec tapstack-a ping -c 1 -W 4 172.21.22.99     # ARP_REQUEST_UNANSWERED, 3 times 1 s apart
 * # again with vb's address 02:56:00:00:00:26 and the IPv6 addresses (nodad) instead:
 * ip netns exec tapstack-a ping -6 -c 1 fd00:172:21:22::26 # NEIGHBOR_SOLICITATION, ..., IPV6_ECHO_REPLY
 * tcpdump -r v4.pcap -nn -xx                               # the bytes, Ethernet header included
 * </pre>
 */
public final class CapturedFrames {

    /** The client's MAC, tunstack's kernel side. */
    public static final long CLIENT_MAC = 0x5e2b8015346fL;
    /** The MAC tunstack derives for 172.21.22.26, which the captured IPv4 host had. */
    public static final long HOST_MAC = 0x0254ac15161aL;
    /** The MAC tunstack derives for fd00:172:21:22::26, which the captured IPv6 host had. */
    public static final long HOST_MAC_IPV6 = 0x025600000026L;

    /** The kernel's ARP request for 172.21.22.26 from 172.21.22.23, to broadcast, target MAC zero. 42 bytes. */
    public static final byte[] ARP_REQUEST = hex(
            "ffff ffff ffff 5e2b 8015 346f 0806 0001 0800 0604 0001 5e2b 8015 346f ac15 1617"
            + " 0000 0000 0000 ac15 161a");

    /** The host's ARP reply: 172.21.22.26 is-at 02:54:ac:15:16:1a, to the requester's MAC. 42 bytes. */
    public static final byte[] ARP_REPLY = hex(
            "5e2b 8015 346f 0254 ac15 161a 0806 0001 0800 0604 0002 0254 ac15 161a ac15 161a"
            + " 5e2b 8015 346f ac15 1617");

    /**
     * The host's gratuitous ARP when its link came up with {@code arp_notify}: a request who-has 172.21.22.26 tell
     * 172.21.22.26 (RFC 5227's announcement), to broadcast, target MAC zero. 42 bytes.
     */
    public static final byte[] GRATUITOUS_ARP = hex(
            "ffff ffff ffff 0254 ac15 161a 0806 0001 0800 0604 0001 0254 ac15 161a ac15 161a"
            + " 0000 0000 0000 ac15 161a");

    /**
     * The kernel's ARP request for 172.21.22.99, where nobody is: sent three times, 1 s apart (mcast_solicit 3,
     * retrans_time_ms 1000), identical each time. 42 bytes.
     */
    public static final byte[] ARP_REQUEST_UNANSWERED = hex(
            "ffff ffff ffff 5e2b 8015 346f 0806 0001 0800 0604 0001 5e2b 8015 346f ac15 1617"
            + " 0000 0000 0000 ac15 1663");

    /** {@code ping -c 1 172.21.22.26}: echo request, id 0x7d84, seq 1, 56 data bytes, DF. 98 bytes. */
    public static final byte[] ECHO_REQUEST = hex(
            "0254 ac15 161a 5e2b 8015 346f 0800 4500 0054 79b8 4000 4001 3c95 ac15 1617 ac15"
            + " 161a 0800 361c 7d84 0001 5377 0d6b 0000 0000 1ea9 0600 0000 0000 1011 1213 1415"
            + " 1617 1819 1a1b 1c1d 1e1f 2021 2223 2425 2627 2829 2a2b 2c2d 2e2f 3031 3233 3435"
            + " 3637");

    /** The host's reply: MACs swapped, IP id 0x6e2d, DF clear. 98 bytes. */
    public static final byte[] ECHO_REPLY = hex(
            "5e2b 8015 346f 0254 ac15 161a 0800 4500 0054 6e2d 0000 4001 8820 ac15 161a ac15"
            + " 1617 0000 3e1c 7d84 0001 5377 0d6b 0000 0000 1ea9 0600 0000 0000 1011 1213 1415"
            + " 1617 1819 1a1b 1c1d 1e1f 2021 2223 2425 2627 2829 2a2b 2c2d 2e2f 3031 3233 3435"
            + " 3637");

    /** Linux's IP id in {@link #ECHO_REPLY}. */
    public static final int ECHO_REPLY_ID = 0x6e2d;

    /** {@code ping -c 1 -s 1 172.21.22.26}: echo request with one data byte, id 0x7d85: 43 bytes, unpadded. */
    public static final byte[] SMALL_ECHO_REQUEST = hex(
            "0254 ac15 161a 5e2b 8015 346f 0800 4500 001d 79b9 4000 4001 3ccb ac15 1617 ac15"
            + " 161a 0800 7a79 7d85 0001 00");

    /** The host's reply to {@link #SMALL_ECHO_REQUEST}, IP id 0x6e2e: 43 bytes on the veth, 60 from a NIC. */
    public static final byte[] SMALL_ECHO_REPLY = hex(
            "5e2b 8015 346f 0254 ac15 161a 0800 4500 001d 6e2e 0000 4001 8856 ac15 161a ac15"
            + " 1617 0000 8279 7d85 0001 00");

    /** Linux's IP id in {@link #SMALL_ECHO_REPLY}. */
    public static final int SMALL_ECHO_REPLY_ID = 0x6e2e;

    /**
     * The client's Neighbor Solicitation for fd00:172:21:22::26, to its solicited-node group ff02::1:ff00:26
     * (33:33:ff:00:00:26), hop limit 255, source link-layer address option. 86 bytes.
     */
    public static final byte[] NEIGHBOR_SOLICITATION = hex(
            "3333 ff00 0026 5e2b 8015 346f 86dd 6000 0000 0020 3aff fd00 0172 0021 0022 0000"
            + " 0000 0000 0023 ff02 0000 0000 0000 0000 0001 ff00 0026 8700 6914 0000 0000 fd00"
            + " 0172 0021 0022 0000 0000 0000 0026 0101 5e2b 8015 346f");

    /** The host's Neighbor Advertisement: Solicited and Override, target link-layer address option. 86 bytes. */
    public static final byte[] NEIGHBOR_ADVERTISEMENT = hex(
            "5e2b 8015 346f 0256 0000 0026 86dd 6000 0000 0020 3aff fd00 0172 0021 0022 0000"
            + " 0000 0000 0026 fd00 0172 0021 0022 0000 0000 0000 0023 8800 1697 6000 0000 fd00"
            + " 0172 0021 0022 0000 0000 0000 0026 0201 0256 0000 0026");

    /** {@code ping -6 -c 1 fd00:172:21:22::26}: echo request, id 0x7ffa, seq 1, flow label 0xff6de. 118 bytes. */
    public static final byte[] IPV6_ECHO_REQUEST = hex(
            "0256 0000 0026 5e2b 8015 346f 86dd 600f f6de 0040 3a40 fd00 0172 0021 0022 0000"
            + " 0000 0000 0023 fd00 0172 0021 0022 0000 0000 0000 0026 8000 53cf 7ffa 0001 7877"
            + " 0d6b 0000 0000 6350 0600 0000 0000 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f 2021"
            + " 2223 2425 2627 2829 2a2b 2c2d 2e2f 3031 3233 3435 3637");

    /** The host's reply (flow label 0x4d366, Linux's choice; tunstack sends 0). 118 bytes. */
    public static final byte[] IPV6_ECHO_REPLY = hex(
            "5e2b 8015 346f 0256 0000 0026 86dd 6004 d366 0040 3a40 fd00 0172 0021 0022 0000"
            + " 0000 0000 0026 fd00 0172 0021 0022 0000 0000 0000 0023 8100 52cf 7ffa 0001 7877"
            + " 0d6b 0000 0000 6350 0600 0000 0000 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f 2021"
            + " 2223 2425 2627 2829 2a2b 2c2d 2e2f 3031 3233 3435 3637");

    /**
     * The host's MLDv2 report to ff02::16 (33:33:00:00:00:16), from its link-local address, Hop-by-Hop Router Alert:
     * multicast link chatter that tunstack's stack drops. 90 bytes.
     */
    public static final byte[] MLD_REPORT = hex(
            "3333 0000 0016 0256 0000 0026 86dd 6000 0000 0024 0001 fe80 0000 0000 0000 0056"
            + " 00ff fe00 0026 ff02 0000 0000 0000 0000 0000 0000 0016 3a00 0502 0000 0100 8f00"
            + " 7167 0000 0001 0400 0000 ff02 0000 0000 0000 0000 0001 ff00 0026");

    private CapturedFrames() {
    }

    /**
     * {@code frame} with an IEEE 802.1Q tag (TPID {@code tpid}, VLAN 5, priority 0) inserted after the addresses, as
     * a VLAN interface sends it; the machine the frames were captured on had no 8021q module, so tagged frames are
     * built from captured ones.
     */
    public static byte[] tagged(byte[] frame, int tpid) {
        byte[] tagged = new byte[frame.length + 4];
        System.arraycopy(frame, 0, tagged, 0, 12);
        tagged[12] = (byte) (tpid >>> 8);
        tagged[13] = (byte) tpid;
        tagged[14] = 0;
        tagged[15] = 5;
        System.arraycopy(frame, 12, tagged, 16, frame.length - 12);
        return tagged;
    }
}
