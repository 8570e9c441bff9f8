package io.tunstack.stack.ipv6;

import io.tunstack.stack.address.IpAddress;
import java.io.ByteArrayOutputStream;

/**
 * Builds IPv6 packets for the IPv6 layer's tests, byte by byte and independently of the production views, so that a
 * mistake in a view cannot hide itself. The ICMPv6 checksum is summed here the slow, obvious way (RFC 8200 8.1).
 */
final class Ipv6TestPackets {

    static final int HOP_BY_HOP = 0;
    static final int ROUTING = 43;
    static final int FRAGMENT = 44;
    static final int ICMPV6 = 58;
    static final int NO_NEXT_HEADER = 59;
    static final int DESTINATION_OPTIONS = 60;
    /** SCTP (RFC 9260), a protocol tunstack does not speak. */
    static final int SCTP = 132;

    private Ipv6TestPackets() {
    }

    /** The 40-byte fixed header followed by {@code payload}. */
    static byte[] packet(String source, String destination, int nextHeader, int hopLimit, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x60);
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(payload.length >>> 8);
        out.write(payload.length & 0xFF);
        out.write(nextHeader);
        out.write(hopLimit);
        out.writeBytes(address(source));
        out.writeBytes(address(destination));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** An ICMPv6 message of {@code type} and {@code code} with {@code body} after the checksum, checksum filled. */
    static byte[] icmpv6(String source, String destination, int type, int code, byte[] body) {
        byte[] message = new byte[4 + body.length];
        message[0] = (byte) type;
        message[1] = (byte) code;
        System.arraycopy(body, 0, message, 4, body.length);
        int checksum = checksum(source, destination, message);
        message[2] = (byte) (checksum >>> 8);
        message[3] = (byte) checksum;
        return message;
    }

    /** An echo request body: identifier, sequence number, then {@code dataLength} bytes 0x10, 0x11, ... as ping sends. */
    static byte[] echoBody(int identifier, int sequence, int dataLength) {
        byte[] body = new byte[4 + dataLength];
        body[0] = (byte) (identifier >>> 8);
        body[1] = (byte) identifier;
        body[2] = (byte) (sequence >>> 8);
        body[3] = (byte) sequence;
        for (int i = 0; i < dataLength; i++) {
            body[4 + i] = (byte) (0x10 + i);
        }
        return body;
    }

    /** A whole echo request from {@code source} to {@code destination}. */
    static byte[] echoRequest(String source, String destination, int dataLength) {
        return packet(source, destination, ICMPV6, 64,
                icmpv6(source, destination, 128, 0, echoBody(0x1234, 1, dataLength)));
    }

    /** An options header (Hop-by-Hop or Destination Options) with {@code options} padded with PadN to 8n bytes. */
    static byte[] optionsHeader(int nextHeader, byte[] options) {
        int length = (2 + options.length + 7) / 8 * 8;
        byte[] header = new byte[length];
        header[0] = (byte) nextHeader;
        header[1] = (byte) (length / 8 - 1);
        System.arraycopy(options, 0, header, 2, options.length);
        int padding = length - 2 - options.length;
        if (padding == 1) {
            header[length - 1] = 0; // Pad1
        } else if (padding > 1) {
            header[2 + options.length] = 1; // PadN
            header[3 + options.length] = (byte) (padding - 2);
        }
        return header;
    }

    /** A Routing header of {@code type} with {@code segmentsLeft}, and 8 bytes of (zero) type-specific data. */
    static byte[] routingHeader(int nextHeader, int type, int segmentsLeft) {
        byte[] header = new byte[8];
        header[0] = (byte) nextHeader;
        header[1] = 0;
        header[2] = (byte) type;
        header[3] = (byte) segmentsLeft;
        return header;
    }

    /** A Fragment header. */
    static byte[] fragmentHeader(int nextHeader, int offsetBytes, boolean more, int identification) {
        int offsetAndFlags = offsetBytes | (more ? 1 : 0);
        return new byte[] {(byte) nextHeader, 0, (byte) (offsetAndFlags >>> 8), (byte) offsetAndFlags,
            (byte) (identification >>> 24), (byte) (identification >>> 16), (byte) (identification >>> 8),
            (byte) identification};
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** RFC 8200 8.1: the one's complement sum over the pseudo-header and the message, complemented. */
    static int checksum(String source, String destination, byte[] message) {
        long sum = 0;
        byte[] pseudo = concat(address(source), address(destination),
                new byte[] {(byte) (message.length >>> 24), (byte) (message.length >>> 16),
                    (byte) (message.length >>> 8), (byte) message.length, 0, 0, 0, (byte) ICMPV6});
        byte[] all = concat(pseudo, message);
        for (int i = 0; i < all.length; i += 2) {
            int high = all[i] & 0xFF;
            int low = i + 1 < all.length ? all[i + 1] & 0xFF : 0;
            sum += high << 8 | low;
        }
        while (sum >>> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    /** Whether the ICMPv6 message at {@code offset} of {@code packet} (an IPv6 packet without extension headers) checks. */
    static boolean checksumValid(byte[] packet) {
        byte[] message = java.util.Arrays.copyOfRange(packet, 40, packet.length);
        String source = IpAddress.ofIpv6(longAt(packet, 8), longAt(packet, 16)).toString();
        String destination = IpAddress.ofIpv6(longAt(packet, 24), longAt(packet, 32)).toString();
        int stored = (message[2] & 0xFF) << 8 | message[3] & 0xFF;
        message[2] = 0;
        message[3] = 0;
        return checksum(source, destination, message) == stored;
    }

    static long longAt(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | bytes[offset + i] & 0xFF;
        }
        return value;
    }

    static byte[] address(String text) {
        IpAddress address = IpAddress.parse(text);
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (address.high() >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (address.low() >>> (56 - 8 * i));
        }
        return bytes;
    }
}
