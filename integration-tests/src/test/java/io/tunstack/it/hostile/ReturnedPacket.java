package io.tunstack.it.hostile;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A packet tunstack wrote to tun0, as the injector sniffed it, with the few fields the assertions need, for IPv4
 * (ICMP) and IPv6 (ICMPv6 right after the fixed header, as every answer tunstack or Linux sends is built). It checks
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
        return isIpv6() ? Ipv6Builder.HEADER_LENGTH : (bytes[0] & 0x0F) * 4;
    }

    private boolean isIpv4() {
        return bytes.length >= Ipv4Builder.MINIMUM_HEADER_LENGTH && (bytes[0] & 0xF0) == 0x40
            && headerLength() >= Ipv4Builder.MINIMUM_HEADER_LENGTH && bytes.length >= headerLength();
    }

    boolean isIpv6() {
        return bytes.length >= Ipv6Builder.HEADER_LENGTH && (bytes[0] & 0xF0) == 0x60;
    }

    /** An unfragmented or first-fragment ICMP message whose 8-byte ICMP header is present. */
    boolean isIcmp() {
        return isIpv4() && (bytes[9] & 0xFF) == Ipv4Builder.PROTOCOL_ICMP && fragmentOffset() == 0
            && bytes.length >= headerLength() + IcmpBuilder.HEADER_LENGTH;
    }

    /** An ICMPv6 message right after the fixed header (no extension headers), its 8-byte header present. */
    boolean isIcmpv6() {
        return isIpv6() && (bytes[Ipv6Builder.NEXT_HEADER] & 0xFF) == Ipv6Builder.NEXT_HEADER_ICMPV6
            && bytes.length >= Ipv6Builder.HEADER_LENGTH + Icmpv6Builder.HEADER_LENGTH;
    }

    /** An ICMP echo reply (type 0) or an ICMPv6 echo reply (type 129). */
    boolean isEchoReply() {
        return isIcmp() && icmpType() == IcmpBuilder.TYPE_ECHO_REPLY
            || isIcmpv6() && icmpType() == Icmpv6Builder.TYPE_ECHO_REPLY;
    }

    /**
     * An ICMP error of either family: for IPv4 the types the tests expect (Destination Unreachable, Parameter
     * Problem); for IPv6 every type below 128 (RFC 4443 2.1).
     */
    boolean isIcmpError() {
        if (isIcmp()) {
            return icmpType() == IcmpBuilder.TYPE_PARAMETER_PROBLEM
                || icmpType() == IcmpBuilder.TYPE_DESTINATION_UNREACHABLE;
        }
        return isIcmpv6() && icmpType() < Icmpv6Builder.FIRST_INFORMATIONAL_TYPE;
    }

    int icmpType() {
        return bytes[headerLength()] & 0xFF;
    }

    int icmpCode() {
        return bytes[headerLength() + 1] & 0xFF;
    }

    /** The identifier of an echo message (bytes 4-5 of the ICMP header). */
    int echoIdentifier() {
        return u16(headerLength() + 4);
    }

    int echoSequence() {
        return u16(headerLength() + 6);
    }

    /**
     * The pointer of a Parameter Problem: one octet for IPv4 (RFC 792: "identifies the octet where an error was
     * detected"), 32 bits for IPv6 (RFC 4443 3.4: "the octet offset within the invoking packet").
     */
    int parameterProblemPointer() {
        return isIpv6() ? (int) u32(headerLength() + 4) : bytes[headerLength() + 4] & 0xFF;
    }

    /** The IPv4 source; use {@link #sourceText()} for either family. */
    int source() {
        return (int) u32(12);
    }

    /** The IPv4 destination; use {@link #destinationText()} for either family. */
    int destination() {
        return (int) u32(16);
    }

    /** The source as {@link Ipv4Addresses#text} or {@link Ipv6Addresses#text} writes it. */
    String sourceText() {
        return isIpv6() ? Ipv6Addresses.text(Arrays.copyOfRange(bytes, Ipv6Builder.SOURCE, Ipv6Builder.SOURCE + 16))
            : Ipv4Addresses.text(source());
    }

    String destinationText() {
        return isIpv6() ? Ipv6Addresses.text(Arrays.copyOfRange(bytes, Ipv6Builder.DESTINATION,
            Ipv6Builder.DESTINATION + 16)) : Ipv4Addresses.text(destination());
    }

    /** The IPv6 traffic class: the 8 bits after the version. */
    int trafficClass() {
        return u16(0) >>> 4 & 0xFF;
    }

    /** The IPv6 hop limit. */
    int hopLimit() {
        return bytes[Ipv6Builder.HOP_LIMIT] & 0xFF;
    }

    int fragmentOffset() {
        return u16(Ipv4Builder.FLAGS_AND_FRAGMENT_OFFSET) & 0x1FFF;
    }

    boolean headerChecksumVerifies() {
        return isIpv4() && InternetChecksum.verifies(bytes, 0, headerLength());
    }

    /**
     * Whether the ICMP checksum verifies over the whole message (only meaningful when unfragmented); for ICMPv6 over
     * the pseudo-header too.
     */
    boolean icmpChecksumVerifies() {
        if (isIcmpv6()) {
            int length = Math.min(u16(Ipv6Builder.PAYLOAD_LENGTH), bytes.length - Ipv6Builder.HEADER_LENGTH);
            return Icmpv6Builder.verifies(Arrays.copyOfRange(bytes, Ipv6Builder.SOURCE, Ipv6Builder.SOURCE + 16),
                Arrays.copyOfRange(bytes, Ipv6Builder.DESTINATION, Ipv6Builder.DESTINATION + 16), bytes,
                Ipv6Builder.HEADER_LENGTH, length);
        }
        int total = Math.min(u16(Ipv4Builder.TOTAL_LENGTH), bytes.length);
        return isIcmp() && InternetChecksum.verifies(bytes, headerLength(), total - headerLength());
    }

    /** The ICMP or ICMPv6 message: from the end of the header to the end of the packet. */
    byte[] icmpMessage() {
        return Arrays.copyOfRange(bytes, headerLength(), bytes.length);
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
        if (!isIpv4() && !isIpv6()) {
            return "non-IP " + HexFormat.of().formatHex(bytes);
        }
        String ip = sourceText() + " > " + destinationText();
        if (!isIcmp() && !isIcmpv6()) {
            int protocol = isIpv6() ? bytes[Ipv6Builder.NEXT_HEADER] & 0xFF : bytes[9] & 0xFF;
            return ip + " protocol " + protocol + ", " + bytes.length + " bytes";
        }
        return ip + (isIpv6() ? " ICMPv6" : " ICMP") + " type " + icmpType() + " code " + icmpCode()
            + " id 0x" + Integer.toHexString(echoIdentifier()) + " seq " + echoSequence() + ", "
            + bytes.length + " bytes";
    }
}
