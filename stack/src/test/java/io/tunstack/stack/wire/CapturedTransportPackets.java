package io.tunstack.stack.wire;

import static io.tunstack.stack.wire.CapturedIpv6Packets.hex;

/**
 * Real UDP and TCP exchanges with Linux as the answering host, captured in network namespaces (never on {@code lo}):
 * traceroute's first probe and the kernel's Port Unreachable for both families, a SYN to a closed port and the
 * kernel's reset, and a whole connection to a listener that accepts and closes at once (what {@code --open} imitates).
 * Shared with other modules' tests through the stack's test-jar; {@link CapturedIpv6Packets#copy} makes a buffer.
 *
 * <p>How they were captured (Linux 6.18, traceroute 2.1, tcpdump 4.99), as root on a scratch machine:
 *
 * <pre>
 * ip netns add cap-a; ip netns add cap-b
 * ip link add va netns cap-a type veth peer name vb netns cap-b
 * ip -n cap-a addr add 172.21.22.23/24 dev va; ip -n cap-b addr add 172.21.22.26/24 dev vb
 * ip -n cap-a addr add fd00:172:21:22::23/64 dev va nodad; ip -n cap-b addr add fd00:172:21:22::26/64 dev vb nodad
 * ip -n cap-a link set va up; ip -n cap-b link set vb up
 * # transmit checksum offload off, or veth hands UDP and TCP over with only the pseudo-header's sum stored
 * ip netns exec cap-a ethtool -K va tx off; ip netns exec cap-b ethtool -K vb tx off
 * ip netns exec cap-a tcpdump -i va -U -w cap.pcap 'not (icmp6 and ip6[40] &gt;= 128)' &amp;
 * # in cap-b, Python: a socket bound to port 22 that listens, accepts one connection and closes it at once
 * ip netns exec cap-a traceroute -n -q 1 -m 1 172.21.22.26           # UDP_PROBE, PORT_UNREACHABLE
 * # in cap-a, Python: connect() to 172.21.22.26 port 80 (refused), then to port 22, recv() (end of stream), close()
 * ip netns exec cap-a traceroute -6 -n -q 1 -m 1 fd00:172:21:22::26  # UDP6_PROBE, PORT_UNREACHABLE6
 * tcpdump -r cap.pcap -nn -x                                          # the bytes after the 14-byte Ethernet header
 * </pre>
 */
public final class CapturedTransportPackets {

    /**
     * traceroute's first UDP probe: 172.21.22.23 port 54118 to 172.21.22.26 port 33434, TTL 1, 32 data bytes
     * 0x40..0x5f. 60 bytes.
     */
    public static final byte[] UDP_PROBE = hex(
            "4500 003c 545d 0000 0111 e0f8 ac15 1617 ac15 161a d366 829a 0028 303c 4041 4243 4445 4647"
            + " 4849 4a4b 4c4d 4e4f 5051 5253 5455 5657 5859 5a5b 5c5d 5e5f");

    /**
     * The kernel's answer to {@link #UDP_PROBE}: Destination Unreachable, code 3 (port unreachable), TOS 0xc0 (Linux
     * icmp_send: precedence "internetwork control"), DF clear, TTL 64, quoting the whole probe. 88 bytes.
     */
    public static final byte[] PORT_UNREACHABLE = hex(
            "45c0 0058 277e 0000 4001 ce0b ac15 161a ac15 1617 0303 8192 0000 0000 4500 003c 545d 0000"
            + " 0111 e0f8 ac15 1617 ac15 161a d366 829a 0028 303c 4041 4243 4445 4647 4849 4a4b 4c4d 4e4f"
            + " 5051 5253 5455 5657 5859 5a5b 5c5d 5e5f");

    /**
     * A SYN to port 80, where nothing listens (Python {@code connect()}): port 38224, sequence 1543633865, window
     * 64240, DF, options MSS 1460, SACK permitted, timestamps, NOP, window scale 10. 60 bytes.
     */
    public static final byte[] SYN_TO_CLOSED_PORT = hex(
            "4500 003c d6d7 4000 4006 df88 ac15 1617 ac15 161a 9550 0050 5c01 fbc9 0000 0000 a002 faf0"
            + " 896d 0000 0204 05b4 0402 080a 40ad 112a 0000 0000 0103 030a");

    /**
     * The kernel's answer to {@link #SYN_TO_CLOSED_PORT}: RST+ACK, sequence 0, acknowledgment 1543633866 (the SYN's
     * sequence plus one), window 0, no options; IP id 0, DF, TTL 64. 40 bytes.
     */
    public static final byte[] RST_ACK = hex(
            "4500 0028 0000 4000 4006 b674 ac15 161a ac15 1617 0050 9550 0000 0000 5c01 fbca 5014 0000"
            + " 3e08 0000");

    /** A SYN to port 22, where a listener accepts: port 39158, sequence 51959940, options as above. 60 bytes. */
    public static final byte[] SYN_TO_OPEN_PORT = hex(
            "4500 003c d2ec 4000 4006 e373 ac15 1617 ac15 161a 98f6 0016 0318 d884 0000 0000 a002 faf0"
            + " 7925 0000 0204 05b4 0402 080a 93bf 4722 0000 0000 0103 030a");

    /**
     * The listener's SYN+ACK: sequence 248587759, acknowledgment 51959941, window 65160, options MSS 1460, SACK
     * permitted, timestamps, NOP, window scale 10. 60 bytes.
     */
    public static final byte[] SYN_ACK = hex(
            "4500 003c 0000 4000 4006 b660 ac15 161a ac15 1617 0016 98f6 0ed1 25ef 0318 d885 a012 fe88"
            + " b85f 0000 0204 05b4 0402 080a 5090 37cc 93bf 4722 0103 030a");

    /** The ACK that completes the handshake: window 63, options NOP, NOP, timestamps. 52 bytes. */
    public static final byte[] HANDSHAKE_ACK = hex(
            "4500 0034 d2ed 4000 4006 e37a ac15 1617 ac15 161a 98f6 0016 0318 d885 0ed1 25f0 8010 003f"
            + " e578 0000 0101 080a 93bf 4722 5090 37cc");

    /** The listener's FIN+ACK once its application closed the accepted socket: sequence 248587760. 52 bytes. */
    public static final byte[] SERVER_FIN = hex(
            "4500 0034 e331 4000 4006 d336 ac15 161a ac15 1617 0016 98f6 0ed1 25f0 0318 d885 8011 0040"
            + " e574 0000 0101 080a 5090 37ce 93bf 4722");

    /** The client's FIN+ACK, acknowledging the listener's FIN (acknowledgment 248587761). 52 bytes. */
    public static final byte[] CLIENT_FIN = hex(
            "4500 0034 d2ee 4000 4006 e379 ac15 1617 ac15 161a 98f6 0016 0318 d885 0ed1 25f1 8011 003f"
            + " e571 0000 0101 080a 93bf 4725 5090 37ce");

    /** The listener's ACK of the client's FIN (acknowledgment 51959942): the connection is closed. 52 bytes. */
    public static final byte[] LAST_ACK = hex(
            "4500 0034 e332 4000 4006 d335 ac15 161a ac15 1617 0016 98f6 0ed1 25f1 0318 d886 8010 0040"
            + " e56f 0000 0101 080a 5090 37cf 93bf 4725");

    /**
     * traceroute -6's first UDP probe: fd00:172:21:22::23 port 58075 to fd00:172:21:22::26 port 33434, hop limit 1,
     * 32 data bytes 0x40..0x5f. 80 bytes.
     */
    public static final byte[] UDP6_PROBE = hex(
            "6009 ef41 0028 1101 fd00 0172 0021 0022 0000 0000 0000 0023 fd00 0172 0021 0022 0000 0000"
            + " 0000 0026 e2db 829a 0028 a76e 4041 4243 4445 4647 4849 4a4b 4c4d 4e4f 5051 5253 5455 5657"
            + " 5859 5a5b 5c5d 5e5f");

    /**
     * The kernel's answer to {@link #UDP6_PROBE}: Destination Unreachable, code 4 (port unreachable), hop limit 64,
     * quoting the whole probe. 128 bytes.
     */
    public static final byte[] PORT_UNREACHABLE6 = hex(
            "6007 7736 0058 3a40 fd00 0172 0021 0022 0000 0000 0000 0026 fd00 0172 0021 0022 0000 0000"
            + " 0000 0023 0104 a079 0000 0000 6009 ef41 0028 1101 fd00 0172 0021 0022 0000 0000 0000 0023"
            + " fd00 0172 0021 0022 0000 0000 0000 0026 e2db 829a 0028 a76e 4041 4243 4445 4647 4849 4a4b"
            + " 4c4d 4e4f 5051 5253 5455 5657 5859 5a5b 5c5d 5e5f");

    private CapturedTransportPackets() {
    }
}
