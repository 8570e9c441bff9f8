package io.tunstack.stack;

import static io.tunstack.stack.CapturedPackets.hex;

/**
 * UDP and TCP packets captured between two Linux 6 namespaces joined by a veth pair: a client with 172.21.22.23/24
 * and fd00:172:21:22::23/64 (the address tunstack's kernel side has), and a Linux host with .26 and ::26 whose answers
 * are the reference. Taken with {@code tcpdump -i vh -w} on the host's side, with checksum offload off on both ends ({@code ethtool -K
 * vc tx off}) so that every checksum is complete; the Ethernet header is stripped. The
 * clients: {@code nc -z} (a SYN with Linux's options), {@code echo hello | nc -u} (a 6-byte datagram to port 53) and
 * {@code hping3 -A/-F/(no flags) -p 80 -M SEQ -L ACK}.
 *
 * <p>Linux's IPv6 answers carry a flow label of its choosing (a hash); tunstack sends 0 (RFC 6437: "not labelled"),
 * so tests compare them with the flow label cleared ({@link #withoutFlowLabel}).
 */
public final class CapturedTransportPackets {

    /** {@code nc -z 172.21.22.26 22}: SYN, seq 0xffced937, options mss 1460, sackOK, TS, nop, wscale 10. */
    public static final byte[] SYN_V4 = hex("4500003c9ef140004006176fac151617ac15161aa6f40016ffced93700000000a002faf041900000020405b4"
            + "0402080adf00280e000000000103030a");
    /** Linux's answer from a closed port: RST+ACK, seq 0, ack 0xffced938, window 0; DF, id 0, TTL 64. */
    public static final byte[] RST_FOR_SYN_V4 = hex("45000028000040004006b674ac15161aac1516170016a6f400000000ffced93850140000ab620000");
    /** {@code nc -z fd00:172:21:22::26 22}: SYN, seq 0xdaae7eb9, options mss 1440, sackOK, TS, nop, wscale 10. */
    public static final byte[] SYN_V6 = hex("600c02da00280640fd000172002100220000000000000023fd000172002100220000000000000026c6320016"
            + "daae7eb900000000a002fd20748d0000020405a00402080ab473048a000000000103030a");
    /** Linux's answer: RST+ACK, seq 0, ack 0xdaae7eba, window 0, hop limit 64 (flow label 0x9f154). */
    public static final byte[] RST_FOR_SYN_V6 = hex("6009f15400140640fd000172002100220000000000000026fd0001720021002200000000000000230016c632"
            + "00000000daae7eba50140000926a0000");
    /** {@code echo hello | nc -u 172.21.22.26 53}: 6 bytes of data. */
    public static final byte[] UDP_V4 = hex("4500002253d040004011629fac151617ac15161ad6af0035000e60b568656c6c6f0a");
    /** Linux's Port Unreachable (type 3 code 3), TOS 0xc0, id 0xff5b, quoting the whole datagram. */
    public static final byte[] PORT_UNREACHABLE_V4 = hex("45c0003eff5b00004001f647ac15161aac15161703038178000000004500002253d040004011629fac151617"
            + "ac15161ad6af0035000e60b568656c6c6f0a");
    /** Linux's id in {@link #PORT_UNREACHABLE_V4}. */
    public static final int PORT_UNREACHABLE_V4_ID = 0xff5b;
    /** {@code echo hello | nc -u fd00:172:21:22::26 53}. */
    public static final byte[] UDP_V6 = hex("600a8452000e1140fd000172002100220000000000000023fd000172002100220000000000000026c1fa0035"
            + "000efc1168656c6c6f0a");
    /** Linux's Destination Unreachable, code 4 (port), quoting the whole packet (flow label 0x77736). */
    public static final byte[] PORT_UNREACHABLE_V6 = hex("60077736003e3a40fd000172002100220000000000000026fd00017200210022000000000000002301040b43"
            + "00000000600a8452000e1140fd000172002100220000000000000023fd000172002100220000000000000026"
            + "c1fa0035000efc1168656c6c6f0a");
    /** {@code hping3 -A -p 80 -M 12345 -L 67890}: ACK alone, seq 12345, ack 67890, window 512. */
    public static final byte[] ACK_V4 = hex("45000028328300004006c3f1ac151617ac15161a0a2f0050000030390001093250100200e58d0000");
    /** Linux's answer: RST (no ACK), seq 67890 (the segment's acknowledgment), window 0. */
    public static final byte[] RST_FOR_ACK_V4 = hex("45000028000040004006b674ac15161aac15161700500a2f00010932000000005004000017d30000");
    /** {@code hping3 -F -p 80 -M 555}: FIN alone (no ACK; the acknowledgment field holds garbage). */
    public static final byte[] FIN_V4 = hex("45000028f3d700004006029dac151617ac15161a0a2f00500000022b01d7328350010200e8830000");
    /** Linux's answer: RST+ACK, seq 0, ack 556 (the FIN counts one). */
    public static final byte[] RST_FOR_FIN_V4 = hex("45000028000040004006b674ac15161aac15161700500a2f000000000000022c501400001eca0000");
    /** {@code hping3 -p 80 -M 777}: no flag at all. */
    public static final byte[] NULL_V4 = hex("45000028f3d700004006029dac151617ac15161a0a2f00500000030901d7328350000200e7a60000");
    /** Linux's answer: RST+ACK, seq 0, ack 777 (no data, no SYN or FIN: nothing to count). */
    public static final byte[] RST_FOR_NULL_V4 = hex("45000028000040004006b674ac15161aac15161700500a2f0000000000000309501400001ded0000");
    /** {@code nc 172.21.22.26 2222} to a listening port: SYN, seq 0x10cfad6c (same options as {@link #SYN_V4}). */
    public static final byte[] SYN_TO_OPEN_PORT_V4 = hex("4500003c1f3140004006972fac151617ac15161ad26c08ae10cfad6c00000000a002faf079080000020405b4"
            + "0402080ab6faff56000000000103030a");

    private CapturedTransportPackets() {
    }

    /** A copy of an IPv6 packet with its 20-bit flow label set to 0. */
    public static byte[] withoutFlowLabel(byte[] ipv6) {
        byte[] copy = ipv6.clone();
        copy[1] &= (byte) 0xF0;
        copy[2] = 0;
        copy[3] = 0;
        return copy;
    }
}
