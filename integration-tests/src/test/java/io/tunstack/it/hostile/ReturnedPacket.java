package io.tunstack.it.hostile;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A packet tunstack wrote to tun0, as the injector sniffed it, with the few fields the assertions need. It checks
 * nothing itself: a test asks, for example, whether it is an echo reply and whether its checksums verify.
 */
final class ReturnedPacket {

    private final byte[] bytes;

    ReturnedPacket(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    static ReturnedPacket ofHex(String hex) {
        return new ReturnedPacket(HexFormat.of().parseHex(hex));
    }

    private int headerLength() {
        return (bytes[0] & 0x0F) * 4;
    }

    private boolean isIpv4() {
        return bytes.length >= Ipv4Builder.MINIMUM_HEADER_LENGTH && (bytes[0] & 0xF0) == 0x40
            && headerLength() >= Ipv4Builder.MINIMUM_HEADER_LENGTH && bytes.length >= headerLength();
    }

    /** An unfragmented or first-fragment ICMP message whose 8-byte ICMP header is present. */
    boolean isIcmp() {
        return isIpv4() && (bytes[9] & 0xFF) == Ipv4Builder.PROTOCOL_ICMP && fragmentOffset() == 0
            && bytes.length >= headerLength() + IcmpBuilder.HEADER_LENGTH;
    }

    boolean isEchoReply() {
        return isIcmp() && icmpType() == IcmpBuilder.TYPE_ECHO_REPLY;
    }

    int icmpType() {
        return bytes[headerLength()] & 0xFF;
    }

    /** The identifier of an echo message (bytes 4-5 of the ICMP header). */
    int echoIdentifier() {
        return u16(headerLength() + 4);
    }

    int echoSequence() {
        return u16(headerLength() + 6);
    }

    /** The pointer of a Parameter Problem message (RFC 792: "identifies the octet where an error was detected"). */
    int parameterProblemPointer() {
        return bytes[headerLength() + 4] & 0xFF;
    }

    int source() {
        return (int) u32(12);
    }

    int destination() {
        return (int) u32(16);
    }

    int fragmentOffset() {
        return u16(Ipv4Builder.FLAGS_AND_FRAGMENT_OFFSET) & 0x1FFF;
    }

    boolean headerChecksumVerifies() {
        return isIpv4() && InternetChecksum.verifies(bytes, 0, headerLength());
    }

    /** Whether the ICMP checksum verifies over the whole message (only meaningful when unfragmented). */
    boolean icmpChecksumVerifies() {
        int total = Math.min(u16(Ipv4Builder.TOTAL_LENGTH), bytes.length);
        return isIcmp() && InternetChecksum.verifies(bytes, headerLength(), total - headerLength());
    }

    /** The IP options: the header's bytes after the first 20. */
    byte[] options() {
        return Arrays.copyOfRange(bytes, Ipv4Builder.MINIMUM_HEADER_LENGTH, headerLength());
    }

    byte[] bytes() {
        return bytes.clone();
    }

    private int u16(int offset) {
        return (bytes[offset] & 0xFF) << 8 | (bytes[offset + 1] & 0xFF);
    }

    private long u32(int offset) {
        return (long) u16(offset) << 16 | u16(offset + 2);
    }

    @Override
    public String toString() {
        if (!isIpv4()) {
            return "non-IPv4 " + HexFormat.of().formatHex(bytes);
        }
        String ip = Ipv4Addresses.text(source()) + " > " + Ipv4Addresses.text(destination());
        if (!isIcmp()) {
            return ip + " protocol " + (bytes[9] & 0xFF) + ", " + bytes.length + " bytes";
        }
        return ip + " ICMP type " + icmpType() + " id 0x" + Integer.toHexString(echoIdentifier())
            + " seq " + echoSequence() + ", "
            + bytes.length + " bytes";
    }
}
