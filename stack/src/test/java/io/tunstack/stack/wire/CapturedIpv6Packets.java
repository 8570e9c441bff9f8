package io.tunstack.stack.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.HexFormat;

/**
 * Real IPv6 packets, captured in network namespaces (never on {@code lo}), shared with other modules' tests through
 * the stack's test-jar. Each constant is the exact bytes of the network layer; {@link #copy} returns a fresh pooled
 * direct {@link ByteBuf} that the caller owns and must release.
 *
 * <p>How they were captured (Linux 6.18, iputils ping, tcpdump 4.99), as root on a scratch machine:
 *
 * <pre>
 * ip netns add wire6-a; ip netns add wire6-b
 * ip link add w6a type veth peer name w6b
 * ip link set w6a netns wire6-a; ip link set w6b netns wire6-b
 * ip -n wire6-a addr add fd00:172:21:22::23/64 dev w6a nodad
 * ip -n wire6-b addr add fd00:172:21:22::26/64 dev w6b nodad
 * ip -n wire6-a link set w6a up; ip -n wire6-b link set w6b up
 * ip netns exec wire6-a tcpdump -i w6a -U -w echo.pcap ip6 &amp;
 * ip netns exec wire6-a ping -6 -c 1 fd00:172:21:22::26            # ECHO_REQUEST, ECHO_REPLY
 * ip netns exec wire6-a ping -6 -c 1 -s 2000 fd00:172:21:22::26    # the four *_2000_* fragments
 * tcpdump -r echo.pcap -nn -x                                       # -x prints from the IPv6 header on
 *
 * # The kernel's own link chatter on a TUN device: tcpdump refuses a device that is down, so a small program
 * # (Python: open /dev/net/tun, TUNSETIFF with IFF_TUN | IFF_NO_PI, then read() in a loop and print each packet
 * # as hex) holds the device open, which gives it a carrier, and records exactly what tunstack would read.
 * ip netns exec wire6-a ip tuntap add mode tun name w6tun
 * ip netns exec wire6-a python3 tunhold.py w6tun 14 &gt; tunread.txt &amp;
 * ip -n wire6-a addr add fd00:172:21:22::23/64 dev w6tun nodad
 * ip -n wire6-a link set w6tun up                                   # ROUTER_SOLICITATION, after link-local DAD
 * # The kernel joins no solicited-node group on a NOARP device, so an MLD report needs a listener: a socket that
 * # joins ff02::fb (setsockopt IPV6_JOIN_GROUP on w6tun) for 4 s.
 * ip netns exec wire6-a python3 join.py w6tun ff02::fb 4            # MLD_V2_REPORT
 *
 * # UDP and TCP to closed ports, in fresh namespaces set up as above, with transmit checksum offload off
 * # first (otherwise veth hands the UDP and TCP checksums over unfinished: only the pseudo-header's sum is stored):
 * ip netns exec wire6-a ethtool -K w6a tx off; ip netns exec wire6-b ethtool -K w6b tx off
 * ip netns exec wire6-a tcpdump -i w6a -U -w probe.pcap 'ip6 and not icmp6[0] &gt;= 133' &amp;
 * ip netns exec wire6-a python3 probe.py fd00:172:21:22::26          # UDP_TO_CLOSED_PORT, PORT_UNREACHABLE,
 *                                                                    # TCP_SYN, TCP_RST
 * ip netns del wire6-a; ip netns del wire6-b
 * </pre>
 */
public final class CapturedIpv6Packets {

    /** The upper 64 bits of both addresses of the echo captures, fd00:172:21:22::/64. */
    public static final long PREFIX = 0xfd00_0172_0021_0022L;
    /** The lower 64 bits of fd00:172:21:22::23, the address that pinged. */
    public static final long REQUESTER_LOW = 0x23L;
    /** The lower 64 bits of fd00:172:21:22::26, the address that was pinged and answered. */
    public static final long RESPONDER_LOW = 0x26L;

    /**
     * A real {@code ping -6 -c 1 fd00:172:21:22::26} from fd00:172:21:22::23, as it left on the veth: IPv6 (traffic
     * class 0, flow label 0xff6de, hop limit 64), ICMPv6 echo request, identifier 0x1230 (4656), sequence 1, and
     * iputils' default 56 data bytes (a 16-byte timeval, then 0x10..0x37). 104 bytes.
     */
    public static final byte[] ECHO_REQUEST = hex(
            "600f f6de 0040 3a40 fd00 0172 0021 0022 0000 0000 0000 0023 fd00 0172 0021 0022"
            + " 0000 0000 0000 0026 8000 7622 1230 0001 3a2a 0d6b 0000 0000 ef14 0400 0000 0000"
            + " 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f 2021 2223 2425 2627 2829 2a2b 2c2d 2e2f"
            + " 3031 3233 3435 3637");

    /**
     * The Linux kernel's reply to {@link #ECHO_REQUEST}: addresses swapped, its own flow label (0x4d366), hop limit 64,
     * type 129, the checksum 0x0100 lower (RFC 1624: the first word rose from 0x8000 to 0x8100), and identifier,
     * sequence number and data the request's. 104 bytes.
     */
    public static final byte[] ECHO_REPLY = hex(
            "6004 d366 0040 3a40 fd00 0172 0021 0022 0000 0000 0000 0026 fd00 0172 0021 0022"
            + " 0000 0000 0000 0023 8100 7522 1230 0001 3a2a 0d6b 0000 0000 ef14 0400 0000 0000"
            + " 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f 2021 2223 2425 2627 2829 2a2b 2c2d 2e2f"
            + " 3031 3233 3435 3637");

    /**
     * The first of the two fragments of {@code ping -6 -c 1 -s 2000} (a 2008-byte ICMPv6 message over a 1500-byte
     * MTU): a Fragment header (next header 58, offset 0, M set, identification 0xaa9267f3), then the first 1448 bytes
     * of the message: the ICMPv6 header (identifier 4662, sequence 1) and data. 1496 bytes.
     */
    public static final byte[] ECHO_REQUEST_2000_FIRST_FRAGMENT = hex(
            "600f f6de 05b0 2c40 fd00 0172 0021 0022 0000 0000 0000 0023 fd00 0172 0021 0022"
            + " 0000 0000 0000 0026 3a00 0001 aa92 67f3 8000 fe55 1236 0001 3a2a 0d6b 0000 0000"
            + " 122e 0400 0000 0000 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f 2021 2223 2425 2627"
            + " 2829 2a2b 2c2d 2e2f 3031 3233 3435 3637 3839 3a3b 3c3d 3e3f 4041 4243 4445 4647"
            + " 4849 4a4b 4c4d 4e4f 5051 5253 5455 5657 5859 5a5b 5c5d 5e5f 6061 6263 6465 6667"
            + " 6869 6a6b 6c6d 6e6f 7071 7273 7475 7677 7879 7a7b 7c7d 7e7f 8081 8283 8485 8687"
            + " 8889 8a8b 8c8d 8e8f 9091 9293 9495 9697 9899 9a9b 9c9d 9e9f a0a1 a2a3 a4a5 a6a7"
            + " a8a9 aaab acad aeaf b0b1 b2b3 b4b5 b6b7 b8b9 babb bcbd bebf c0c1 c2c3 c4c5 c6c7"
            + " c8c9 cacb cccd cecf d0d1 d2d3 d4d5 d6d7 d8d9 dadb dcdd dedf e0e1 e2e3 e4e5 e6e7"
            + " e8e9 eaeb eced eeef f0f1 f2f3 f4f5 f6f7 f8f9 fafb fcfd feff 0001 0203 0405 0607"
            + " 0809 0a0b 0c0d 0e0f 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f 2021 2223 2425 2627"
            + " 2829 2a2b 2c2d 2e2f 3031 3233 3435 3637 3839 3a3b 3c3d 3e3f 4041 4243 4445 4647"
            + " 4849 4a4b 4c4d 4e4f 5051 5253 5455 5657 5859 5a5b 5c5d 5e5f 6061 6263 6465 6667"
            + " 6869 6a6b 6c6d 6e6f 7071 7273 7475 7677 7879 7a7b 7c7d 7e7f 8081 8283 8485 8687"
            + " 8889 8a8b 8c8d 8e8f 9091 9293 9495 9697 9899 9a9b 9c9d 9e9f a0a1 a2a3 a4a5 a6a7"
            + " a8a9 aaab acad aeaf b0b1 b2b3 b4b5 b6b7 b8b9 babb bcbd bebf c0c1 c2c3 c4c5 c6c7"
            + " c8c9 cacb cccd cecf d0d1 d2d3 d4d5 d6d7 d8d9 dadb dcdd dedf e0e1 e2e3 e4e5 e6e7"
            + " e8e9 eaeb eced eeef f0f1 f2f3 f4f5 f6f7 f8f9 fafb fcfd feff 0001 0203 0405 0607"
            + " 0809 0a0b 0c0d 0e0f 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f 2021 2223 2425 2627"
            + " 2829 2a2b 2c2d 2e2f 3031 3233 3435 3637 3839 3a3b 3c3d 3e3f 4041 4243 4445 4647"
            + " 4849 4a4b 4c4d 4e4f 5051 5253 5455 5657 5859 5a5b 5c5d 5e5f 6061 6263 6465 6667"
            + " 6869 6a6b 6c6d 6e6f 7071 7273 7475 7677 7879 7a7b 7c7d 7e7f 8081 8283 8485 8687"
            + " 8889 8a8b 8c8d 8e8f 9091 9293 9495 9697 9899 9a9b 9c9d 9e9f a0a1 a2a3 a4a5 a6a7"
            + " a8a9 aaab acad aeaf b0b1 b2b3 b4b5 b6b7 b8b9 babb bcbd bebf c0c1 c2c3 c4c5 c6c7"
            + " c8c9 cacb cccd cecf d0d1 d2d3 d4d5 d6d7 d8d9 dadb dcdd dedf e0e1 e2e3 e4e5 e6e7"
            + " e8e9 eaeb eced eeef f0f1 f2f3 f4f5 f6f7 f8f9 fafb fcfd feff 0001 0203 0405 0607"
            + " 0809 0a0b 0c0d 0e0f 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f 2021 2223 2425 2627"
            + " 2829 2a2b 2c2d 2e2f 3031 3233 3435 3637 3839 3a3b 3c3d 3e3f 4041 4243 4445 4647"
            + " 4849 4a4b 4c4d 4e4f 5051 5253 5455 5657 5859 5a5b 5c5d 5e5f 6061 6263 6465 6667"
            + " 6869 6a6b 6c6d 6e6f 7071 7273 7475 7677 7879 7a7b 7c7d 7e7f 8081 8283 8485 8687"
            + " 8889 8a8b 8c8d 8e8f 9091 9293 9495 9697 9899 9a9b 9c9d 9e9f a0a1 a2a3 a4a5 a6a7"
            + " a8a9 aaab acad aeaf b0b1 b2b3 b4b5 b6b7 b8b9 babb bcbd bebf c0c1 c2c3 c4c5 c6c7"
            + " c8c9 cacb cccd cecf d0d1 d2d3 d4d5 d6d7 d8d9 dadb dcdd dedf e0e1 e2e3 e4e5 e6e7"
            + " e8e9 eaeb eced eeef f0f1 f2f3 f4f5 f6f7 f8f9 fafb fcfd feff 0001 0203 0405 0607"
            + " 0809 0a0b 0c0d 0e0f 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f 2021 2223 2425 2627"
            + " 2829 2a2b 2c2d 2e2f 3031 3233 3435 3637 3839 3a3b 3c3d 3e3f 4041 4243 4445 4647"
            + " 4849 4a4b 4c4d 4e4f 5051 5253 5455 5657 5859 5a5b 5c5d 5e5f 6061 6263 6465 6667"
            + " 6869 6a6b 6c6d 6e6f 7071 7273 7475 7677 7879 7a7b 7c7d 7e7f 8081 8283 8485 8687"
            + " 8889 8a8b 8c8d 8e8f 9091 9293 9495 9697 9899 9a9b 9c9d 9e9f a0a1 a2a3 a4a5 a6a7"
            + " a8a9 aaab acad aeaf b0b1 b2b3 b4b5 b6b7 b8b9 babb bcbd bebf c0c1 c2c3 c4c5 c6c7"
            + " c8c9 cacb cccd cecf d0d1 d2d3 d4d5 d6d7 d8d9 dadb dcdd dedf e0e1 e2e3 e4e5 e6e7"
            + " e8e9 eaeb eced eeef f0f1 f2f3 f4f5 f6f7 f8f9 fafb fcfd feff 0001 0203 0405 0607"
            + " 0809 0a0b 0c0d 0e0f 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f 2021 2223 2425 2627"
            + " 2829 2a2b 2c2d 2e2f 3031 3233 3435 3637 3839 3a3b 3c3d 3e3f 4041 4243 4445 4647"
            + " 4849 4a4b 4c4d 4e4f 5051 5253 5455 5657 5859 5a5b 5c5d 5e5f 6061 6263 6465 6667"
            + " 6869 6a6b 6c6d 6e6f 7071 7273 7475 7677 7879 7a7b 7c7d 7e7f 8081 8283 8485 8687"
            + " 8889 8a8b 8c8d 8e8f 9091 9293 9495 9697 9899 9a9b 9c9d 9e9f");

    /**
     * The second and last fragment of the same request: offset 1448 (181 units), M clear, the last 560 bytes of
     * the message. 608 bytes.
     */
    public static final byte[] ECHO_REQUEST_2000_LAST_FRAGMENT = hex(
            "600f f6de 0238 2c40 fd00 0172 0021 0022 0000 0000 0000 0023 fd00 0172 0021 0022"
            + " 0000 0000 0000 0026 3a00 05a8 aa92 67f3 a0a1 a2a3 a4a5 a6a7 a8a9 aaab acad aeaf"
            + " b0b1 b2b3 b4b5 b6b7 b8b9 babb bcbd bebf c0c1 c2c3 c4c5 c6c7 c8c9 cacb cccd cecf"
            + " d0d1 d2d3 d4d5 d6d7 d8d9 dadb dcdd dedf e0e1 e2e3 e4e5 e6e7 e8e9 eaeb eced eeef"
            + " f0f1 f2f3 f4f5 f6f7 f8f9 fafb fcfd feff 0001 0203 0405 0607 0809 0a0b 0c0d 0e0f"
            + " 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f 2021 2223 2425 2627 2829 2a2b 2c2d 2e2f"
            + " 3031 3233 3435 3637 3839 3a3b 3c3d 3e3f 4041 4243 4445 4647 4849 4a4b 4c4d 4e4f"
            + " 5051 5253 5455 5657 5859 5a5b 5c5d 5e5f 6061 6263 6465 6667 6869 6a6b 6c6d 6e6f"
            + " 7071 7273 7475 7677 7879 7a7b 7c7d 7e7f 8081 8283 8485 8687 8889 8a8b 8c8d 8e8f"
            + " 9091 9293 9495 9697 9899 9a9b 9c9d 9e9f a0a1 a2a3 a4a5 a6a7 a8a9 aaab acad aeaf"
            + " b0b1 b2b3 b4b5 b6b7 b8b9 babb bcbd bebf c0c1 c2c3 c4c5 c6c7 c8c9 cacb cccd cecf"
            + " d0d1 d2d3 d4d5 d6d7 d8d9 dadb dcdd dedf e0e1 e2e3 e4e5 e6e7 e8e9 eaeb eced eeef"
            + " f0f1 f2f3 f4f5 f6f7 f8f9 fafb fcfd feff 0001 0203 0405 0607 0809 0a0b 0c0d 0e0f"
            + " 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f 2021 2223 2425 2627 2829 2a2b 2c2d 2e2f"
            + " 3031 3233 3435 3637 3839 3a3b 3c3d 3e3f 4041 4243 4445 4647 4849 4a4b 4c4d 4e4f"
            + " 5051 5253 5455 5657 5859 5a5b 5c5d 5e5f 6061 6263 6465 6667 6869 6a6b 6c6d 6e6f"
            + " 7071 7273 7475 7677 7879 7a7b 7c7d 7e7f 8081 8283 8485 8687 8889 8a8b 8c8d 8e8f"
            + " 9091 9293 9495 9697 9899 9a9b 9c9d 9e9f a0a1 a2a3 a4a5 a6a7 a8a9 aaab acad aeaf"
            + " b0b1 b2b3 b4b5 b6b7 b8b9 babb bcbd bebf c0c1 c2c3 c4c5 c6c7 c8c9 cacb cccd cecf");

    /**
     * The kernel's reply to the 2000-byte request, first fragment: its own identification (0xb610ae5e), type 129,
     * the checksum 0x0100 lower than the request's. 1496 bytes.
     */
    public static final byte[] ECHO_REPLY_2000_FIRST_FRAGMENT = hex(
            "6004 d366 05b0 2c40 fd00 0172 0021 0022 0000 0000 0000 0026 fd00 0172 0021 0022"
            + " 0000 0000 0000 0023 3a00 0001 b610 ae5e 8100 fd55 1236 0001 3a2a 0d6b 0000 0000"
            + " 122e 0400 0000 0000 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f 2021 2223 2425 2627"
            + " 2829 2a2b 2c2d 2e2f 3031 3233 3435 3637 3839 3a3b 3c3d 3e3f 4041 4243 4445 4647"
            + " 4849 4a4b 4c4d 4e4f 5051 5253 5455 5657 5859 5a5b 5c5d 5e5f 6061 6263 6465 6667"
            + " 6869 6a6b 6c6d 6e6f 7071 7273 7475 7677 7879 7a7b 7c7d 7e7f 8081 8283 8485 8687"
            + " 8889 8a8b 8c8d 8e8f 9091 9293 9495 9697 9899 9a9b 9c9d 9e9f a0a1 a2a3 a4a5 a6a7"
            + " a8a9 aaab acad aeaf b0b1 b2b3 b4b5 b6b7 b8b9 babb bcbd bebf c0c1 c2c3 c4c5 c6c7"
            + " c8c9 cacb cccd cecf d0d1 d2d3 d4d5 d6d7 d8d9 dadb dcdd dedf e0e1 e2e3 e4e5 e6e7"
            + " e8e9 eaeb eced eeef f0f1 f2f3 f4f5 f6f7 f8f9 fafb fcfd feff 0001 0203 0405 0607"
            + " 0809 0a0b 0c0d 0e0f 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f 2021 2223 2425 2627"
            + " 2829 2a2b 2c2d 2e2f 3031 3233 3435 3637 3839 3a3b 3c3d 3e3f 4041 4243 4445 4647"
            + " 4849 4a4b 4c4d 4e4f 5051 5253 5455 5657 5859 5a5b 5c5d 5e5f 6061 6263 6465 6667"
            + " 6869 6a6b 6c6d 6e6f 7071 7273 7475 7677 7879 7a7b 7c7d 7e7f 8081 8283 8485 8687"
            + " 8889 8a8b 8c8d 8e8f 9091 9293 9495 9697 9899 9a9b 9c9d 9e9f a0a1 a2a3 a4a5 a6a7"
            + " a8a9 aaab acad aeaf b0b1 b2b3 b4b5 b6b7 b8b9 babb bcbd bebf c0c1 c2c3 c4c5 c6c7"
            + " c8c9 cacb cccd cecf d0d1 d2d3 d4d5 d6d7 d8d9 dadb dcdd dedf e0e1 e2e3 e4e5 e6e7"
            + " e8e9 eaeb eced eeef f0f1 f2f3 f4f5 f6f7 f8f9 fafb fcfd feff 0001 0203 0405 0607"
            + " 0809 0a0b 0c0d 0e0f 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f 2021 2223 2425 2627"
            + " 2829 2a2b 2c2d 2e2f 3031 3233 3435 3637 3839 3a3b 3c3d 3e3f 4041 4243 4445 4647"
            + " 4849 4a4b 4c4d 4e4f 5051 5253 5455 5657 5859 5a5b 5c5d 5e5f 6061 6263 6465 6667"
            + " 6869 6a6b 6c6d 6e6f 7071 7273 7475 7677 7879 7a7b 7c7d 7e7f 8081 8283 8485 8687"
            + " 8889 8a8b 8c8d 8e8f 9091 9293 9495 9697 9899 9a9b 9c9d 9e9f a0a1 a2a3 a4a5 a6a7"
            + " a8a9 aaab acad aeaf b0b1 b2b3 b4b5 b6b7 b8b9 babb bcbd bebf c0c1 c2c3 c4c5 c6c7"
            + " c8c9 cacb cccd cecf d0d1 d2d3 d4d5 d6d7 d8d9 dadb dcdd dedf e0e1 e2e3 e4e5 e6e7"
            + " e8e9 eaeb eced eeef f0f1 f2f3 f4f5 f6f7 f8f9 fafb fcfd feff 0001 0203 0405 0607"
            + " 0809 0a0b 0c0d 0e0f 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f 2021 2223 2425 2627"
            + " 2829 2a2b 2c2d 2e2f 3031 3233 3435 3637 3839 3a3b 3c3d 3e3f 4041 4243 4445 4647"
            + " 4849 4a4b 4c4d 4e4f 5051 5253 5455 5657 5859 5a5b 5c5d 5e5f 6061 6263 6465 6667"
            + " 6869 6a6b 6c6d 6e6f 7071 7273 7475 7677 7879 7a7b 7c7d 7e7f 8081 8283 8485 8687"
            + " 8889 8a8b 8c8d 8e8f 9091 9293 9495 9697 9899 9a9b 9c9d 9e9f a0a1 a2a3 a4a5 a6a7"
            + " a8a9 aaab acad aeaf b0b1 b2b3 b4b5 b6b7 b8b9 babb bcbd bebf c0c1 c2c3 c4c5 c6c7"
            + " c8c9 cacb cccd cecf d0d1 d2d3 d4d5 d6d7 d8d9 dadb dcdd dedf e0e1 e2e3 e4e5 e6e7"
            + " e8e9 eaeb eced eeef f0f1 f2f3 f4f5 f6f7 f8f9 fafb fcfd feff 0001 0203 0405 0607"
            + " 0809 0a0b 0c0d 0e0f 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f 2021 2223 2425 2627"
            + " 2829 2a2b 2c2d 2e2f 3031 3233 3435 3637 3839 3a3b 3c3d 3e3f 4041 4243 4445 4647"
            + " 4849 4a4b 4c4d 4e4f 5051 5253 5455 5657 5859 5a5b 5c5d 5e5f 6061 6263 6465 6667"
            + " 6869 6a6b 6c6d 6e6f 7071 7273 7475 7677 7879 7a7b 7c7d 7e7f 8081 8283 8485 8687"
            + " 8889 8a8b 8c8d 8e8f 9091 9293 9495 9697 9899 9a9b 9c9d 9e9f a0a1 a2a3 a4a5 a6a7"
            + " a8a9 aaab acad aeaf b0b1 b2b3 b4b5 b6b7 b8b9 babb bcbd bebf c0c1 c2c3 c4c5 c6c7"
            + " c8c9 cacb cccd cecf d0d1 d2d3 d4d5 d6d7 d8d9 dadb dcdd dedf e0e1 e2e3 e4e5 e6e7"
            + " e8e9 eaeb eced eeef f0f1 f2f3 f4f5 f6f7 f8f9 fafb fcfd feff 0001 0203 0405 0607"
            + " 0809 0a0b 0c0d 0e0f 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f 2021 2223 2425 2627"
            + " 2829 2a2b 2c2d 2e2f 3031 3233 3435 3637 3839 3a3b 3c3d 3e3f 4041 4243 4445 4647"
            + " 4849 4a4b 4c4d 4e4f 5051 5253 5455 5657 5859 5a5b 5c5d 5e5f 6061 6263 6465 6667"
            + " 6869 6a6b 6c6d 6e6f 7071 7273 7475 7677 7879 7a7b 7c7d 7e7f 8081 8283 8485 8687"
            + " 8889 8a8b 8c8d 8e8f 9091 9293 9495 9697 9899 9a9b 9c9d 9e9f");

    /**
     * The kernel's reply to the 2000-byte request, last fragment (offset 1448). 608 bytes.
     */
    public static final byte[] ECHO_REPLY_2000_LAST_FRAGMENT = hex(
            "6004 d366 0238 2c40 fd00 0172 0021 0022 0000 0000 0000 0026 fd00 0172 0021 0022"
            + " 0000 0000 0000 0023 3a00 05a8 b610 ae5e a0a1 a2a3 a4a5 a6a7 a8a9 aaab acad aeaf"
            + " b0b1 b2b3 b4b5 b6b7 b8b9 babb bcbd bebf c0c1 c2c3 c4c5 c6c7 c8c9 cacb cccd cecf"
            + " d0d1 d2d3 d4d5 d6d7 d8d9 dadb dcdd dedf e0e1 e2e3 e4e5 e6e7 e8e9 eaeb eced eeef"
            + " f0f1 f2f3 f4f5 f6f7 f8f9 fafb fcfd feff 0001 0203 0405 0607 0809 0a0b 0c0d 0e0f"
            + " 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f 2021 2223 2425 2627 2829 2a2b 2c2d 2e2f"
            + " 3031 3233 3435 3637 3839 3a3b 3c3d 3e3f 4041 4243 4445 4647 4849 4a4b 4c4d 4e4f"
            + " 5051 5253 5455 5657 5859 5a5b 5c5d 5e5f 6061 6263 6465 6667 6869 6a6b 6c6d 6e6f"
            + " 7071 7273 7475 7677 7879 7a7b 7c7d 7e7f 8081 8283 8485 8687 8889 8a8b 8c8d 8e8f"
            + " 9091 9293 9495 9697 9899 9a9b 9c9d 9e9f a0a1 a2a3 a4a5 a6a7 a8a9 aaab acad aeaf"
            + " b0b1 b2b3 b4b5 b6b7 b8b9 babb bcbd bebf c0c1 c2c3 c4c5 c6c7 c8c9 cacb cccd cecf"
            + " d0d1 d2d3 d4d5 d6d7 d8d9 dadb dcdd dedf e0e1 e2e3 e4e5 e6e7 e8e9 eaeb eced eeef"
            + " f0f1 f2f3 f4f5 f6f7 f8f9 fafb fcfd feff 0001 0203 0405 0607 0809 0a0b 0c0d 0e0f"
            + " 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f 2021 2223 2425 2627 2829 2a2b 2c2d 2e2f"
            + " 3031 3233 3435 3637 3839 3a3b 3c3d 3e3f 4041 4243 4445 4647 4849 4a4b 4c4d 4e4f"
            + " 5051 5253 5455 5657 5859 5a5b 5c5d 5e5f 6061 6263 6465 6667 6869 6a6b 6c6d 6e6f"
            + " 7071 7273 7475 7677 7879 7a7b 7c7d 7e7f 8081 8283 8485 8687 8889 8a8b 8c8d 8e8f"
            + " 9091 9293 9495 9697 9899 9a9b 9c9d 9e9f a0a1 a2a3 a4a5 a6a7 a8a9 aaab acad aeaf"
            + " b0b1 b2b3 b4b5 b6b7 b8b9 babb bcbd bebf c0c1 c2c3 c4c5 c6c7 c8c9 cacb cccd cecf");

    /**
     * The router solicitation the kernel sent to a TUN device after it came up, as read from the device (what
     * tunstack reads): from the device's link-local address fe80::c7b8:db4a:c009:cc2a to ff02::2 (all routers), hop
     * limit 255, type 133 and no option (a TUN device has no link-layer address to offer). 48 bytes.
     */
    public static final byte[] ROUTER_SOLICITATION = hex(
            "6000 0000 0008 3aff fe80 0000 0000 0000 c7b8 db4a c009 cc2a ff02 0000 0000 0000"
            + " 0000 0000 0000 0002 8500 4dff 0000 0000");

    /**
     * The MLDv2 report the kernel sent to the same TUN device when a socket joined ff02::fb: a Hop-by-Hop Options
     * header with Router Alert (RFC 3810 section 5: "sent with ... the IPv6 Router Alert option") and PadN, then
     * ICMPv6 type 143 with one record (CHANGE_TO_EXCLUDE_MODE, ff02::fb), hop limit 1, to ff02::16. 76 bytes.
     */
    public static final byte[] MLD_V2_REPORT = hex(
            "6000 0000 0024 0001 fe80 0000 0000 0000 c7b8 db4a c009 cc2a ff02 0000 0000 0000"
            + " 0000 0000 0000 0016 3a00 0502 0000 0100 8f00 3fd8 0000 0001 0400 0000 ff02 0000"
            + " 0000 0000 0000 0000 0000 00fb");

    /**
     * A UDP datagram of 4 data bytes ("abcd") from fd00:172:21:22::23 port 35053 to fd00:172:21:22::26 port 53,
     * where nothing listens (Python: {@code socket(AF_INET6, SOCK_DGRAM).sendto(b"abcd", (RESPONDER, 53))}, in the
     * same namespaces as the echo). Length 12, checksum 0xb438. 52 bytes.
     */
    public static final byte[] UDP_TO_CLOSED_PORT = hex(
            "6004 83d3 000c 1140 fd00 0172 0021 0022 0000 0000 0000 0023 fd00 0172 0021 0022"
            + " 0000 0000 0000 0026 88ed 0035 000c b438 6162 6364");

    /**
     * The kernel's answer to {@link #UDP_TO_CLOSED_PORT}: ICMPv6 Destination Unreachable, code 4 (port unreachable),
     * quoting the whole datagram after the unused word (RFC 4443 3.1). 100 bytes.
     */
    public static final byte[] PORT_UNREACHABLE = hex(
            "6007 7736 003c 3a40 fd00 0172 0021 0022 0000 0000 0000 0026 fd00 0172 0021 0022"
            + " 0000 0000 0000 0023 0104 0bca 0000 0000 6004 83d3 000c 1140 fd00 0172 0021 0022"
            + " 0000 0000 0000 0023 fd00 0172 0021 0022 0000 0000 0000 0026 88ed 0035 000c b438"
            + " 6162 6364");

    /**
     * A TCP SYN from fd00:172:21:22::23 port 37422 to fd00:172:21:22::26 port 80, where nothing listens (Python:
     * {@code connect()}): sequence 0x603969e6, window 64800, data offset 10 (options MSS 1440, SACK permitted,
     * timestamps, window scale 10). 80 bytes.
     */
    public static final byte[] TCP_SYN = hex(
            "6004 4d04 0028 0640 fd00 0172 0021 0022 0000 0000 0000 0023 fd00 0172 0021 0022"
            + " 0000 0000 0000 0026 922e 0050 6039 69e6 0000 0000 a002 fd20 ab1f 0000 0204 05a0"
            + " 0402 080a d315 7268 0000 0000 0103 030a");

    /**
     * The kernel's answer to {@link #TCP_SYN}: RST+ACK, sequence 0, acknowledgment 0x603969e7 (the SYN's sequence plus
     * one), window 0, data offset 5. 60 bytes.
     */
    public static final byte[] TCP_RST = hex(
            "6007 55bc 0014 0640 fd00 0172 0021 0022 0000 0000 0000 0026 fd00 0172 0021 0022"
            + " 0000 0000 0000 0023 0050 922e 0000 0000 6039 69e7 5014 0000 557d 0000");

    private CapturedIpv6Packets() {
    }

    /** A fresh pooled direct buffer holding {@code bytes}; the caller releases it. */
    public static ByteBuf copy(byte[] bytes) {
        return PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
    }

    /** Bytes from hex text; spaces are ignored. */
    public static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }
}
