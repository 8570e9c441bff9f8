package io.tunstack.it.hostile;

import java.nio.ByteBuffer;

/**
 * Crafts UDP datagrams (RFC 768) and TCP segments (RFC 9293 3.1) from the kernel's address to the responder, in an
 * IPv4 or IPv6 packet, with the checksum over the pseudo-header computed here, independently of the stack's code.
 *
 * <pre>
 *  UDP:  Source Port | Destination Port | Length | Checksum | data
 *  TCP:  Source Port | Destination Port | Sequence Number | Acknowledgment Number |
 *        Data Offset, Rsrvd, Control Bits | Window | Checksum | Urgent Pointer | options | data
 * </pre>
 */
final class TransportBuilder {

    static final int PROTOCOL_TCP = 6;
    static final int PROTOCOL_UDP = 17;
    static final int UDP_HEADER_LENGTH = 8;
    static final int TCP_HEADER_LENGTH = 20;

    /** RFC 9293 3.1 control bits. */
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;

    private TransportBuilder() {
    }

    /** A UDP datagram from {@code sourcePort} to {@code destinationPort} carrying {@code data}. */
    static byte[] udp(boolean ipv6, int sourcePort, int destinationPort, byte[] data) {
        ByteBuffer udp = ByteBuffer.allocate(UDP_HEADER_LENGTH + data.length);
        udp.putShort((short) sourcePort).putShort((short) destinationPort).putShort((short) udp.capacity())
            .putShort((short) 0).put(data);
        byte[] bytes = udp.array();
        int checksum = checksum(ipv6, PROTOCOL_UDP, bytes);
        // RFC 768: "If the computed checksum is zero, it is transmitted as all ones".
        putShort(bytes, 6, checksum == 0 ? 0xFFFF : checksum);
        return packet(ipv6, PROTOCOL_UDP, bytes, false);
    }

    /**
     * A TCP segment without options: {@code flags} ({@link #SYN}, {@link #ACK}...), {@code sequence},
     * {@code acknowledgment}, {@code window} and {@code data}, in an IPv4 packet with DF set as Linux sends its own.
     */
    static byte[] tcp(boolean ipv6, int sourcePort, int destinationPort, long sequence, long acknowledgment,
        int flags, int window, byte[] data) {
        ByteBuffer tcp = ByteBuffer.allocate(TCP_HEADER_LENGTH + data.length);
        tcp.putShort((short) sourcePort).putShort((short) destinationPort).putInt((int) sequence)
            .putInt((int) acknowledgment).put((byte) (TCP_HEADER_LENGTH / 4 << 4)).put((byte) flags)
            .putShort((short) window).putShort((short) 0).putShort((short) 0).put(data);
        byte[] bytes = tcp.array();
        putShort(bytes, 16, checksum(ipv6, PROTOCOL_TCP, bytes));
        return packet(ipv6, PROTOCOL_TCP, bytes, true);
    }

    /** {@code packet} with its UDP or TCP checksum (in an IPv4 or IPv6 packet of this builder) changed by one. */
    static byte[] withBadChecksum(byte[] packet) {
        byte[] bytes = packet.clone();
        boolean ipv6 = (bytes[0] & 0xF0) == 0x60;
        int transport = ipv6 ? Ipv6Builder.HEADER_LENGTH : Ipv4Builder.MINIMUM_HEADER_LENGTH;
        int protocol = bytes[ipv6 ? Ipv6Builder.NEXT_HEADER : 9] & 0xFF;
        int at = transport + (protocol == PROTOCOL_UDP ? 6 : 16) + 1;
        bytes[at] ^= 0x01;
        return bytes;
    }

    private static byte[] packet(boolean ipv6, int protocol, byte[] message, boolean dontFragment) {
        if (ipv6) {
            return new Ipv6Builder().upperLayer(protocol, message).build();
        }
        Ipv4Builder ip = new Ipv4Builder().protocol(protocol).payload(message);
        return (dontFragment ? ip.dontFragment() : ip).build();
    }

    /** RFC 768 / RFC 9293 3.1 (IPv4) or RFC 8200 8.1 (IPv6): the checksum over the pseudo-header and the message. */
    private static int checksum(boolean ipv6, int protocol, byte[] message) {
        ByteBuffer pseudo;
        if (ipv6) {
            pseudo = ByteBuffer.allocate(Ipv6Builder.PSEUDO_HEADER_LENGTH + message.length);
            pseudo.put(Ipv6Addresses.KERNEL).put(Ipv6Addresses.RESPONDER).putInt(message.length)
                .put(new byte[3]).put((byte) protocol);
        } else {
            pseudo = ByteBuffer.allocate(12 + message.length);
            pseudo.putInt(Ipv4Addresses.KERNEL).putInt(Ipv4Addresses.RESPONDER).put((byte) 0).put((byte) protocol)
                .putShort((short) message.length);
        }
        pseudo.put(message);
        return InternetChecksum.of(pseudo.array(), 0, pseudo.capacity());
    }

    private static void putShort(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 8);
        bytes[offset + 1] = (byte) value;
    }
}
