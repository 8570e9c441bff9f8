package io.tunstack.it.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Crafts one IPv6 packet (RFC 8200), byte by byte: the fixed header, extension headers in the order given, and the
 * upper-layer message. Every field starts correct; setting one to a wrong value breaks that field only. The Next
 * Header fields are chained from the extension headers (each header's first byte names the one after it), unless
 * {@link #nextHeader} overrides the fixed header's.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * |                      Source Address (128 bits)                |
 * |                   Destination Address (128 bits)              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class Ipv6Builder {

    static final int HEADER_LENGTH = 40;
    static final int PAYLOAD_LENGTH = 4;
    static final int NEXT_HEADER = 6;
    static final int HOP_LIMIT = 7;
    static final int SOURCE = 8;
    static final int DESTINATION = 24;
    /** RFC 8200 8.1: source, destination, a 32-bit upper-layer length, 24 zero bits and the next header. */
    static final int PSEUDO_HEADER_LENGTH = 40;

    /** RFC 8200 4.3, 4.4, 4.5, 4.6, 4.7 and IANA's protocol numbers. */
    static final int NEXT_HEADER_HOP_BY_HOP = 0;
    static final int NEXT_HEADER_ROUTING = 43;
    static final int NEXT_HEADER_FRAGMENT = 44;
    static final int NEXT_HEADER_ICMPV6 = 58;
    static final int NEXT_HEADER_NONE = 59;
    static final int NEXT_HEADER_DESTINATION_OPTIONS = 60;
    /** RFC 3692: "253 Use for experimentation and testing": a next header nobody implements. */
    static final int NEXT_HEADER_EXPERIMENTAL = 253;

    /** RFC 8200 4.2: Pad1 is a single zero byte, PadN is type 1, a length, and that many zero bytes. */
    private static final int PAD1 = 0;
    private static final int PADN = 1;

    /** One extension header: its type (the previous header's Next Header) and its bytes after its Next Header. */
    private record Extension(int type, byte[] body) {
    }

    private int version = 6;
    private int trafficClass;
    private Integer payloadLength;
    private Integer nextHeader;
    private int hopLimit = 64;
    private byte[] source = Ipv6Addresses.KERNEL;
    private byte[] destination = Ipv6Addresses.RESPONDER;
    private final List<Extension> extensions = new ArrayList<>();
    private Icmpv6Builder icmp;
    private int upperLayerProtocol = NEXT_HEADER_ICMPV6;
    private byte[] upperLayer = new byte[0];

    /** An echo request from the kernel's address to the responder, as ping -6 sends it. */
    static Ipv6Builder echoRequest(int identifier, int sequence) {
        return new Ipv6Builder().icmp(Icmpv6Builder.echoRequest(identifier, sequence));
    }

    Ipv6Builder version(int value) {
        this.version = value;
        return this;
    }

    Ipv6Builder trafficClass(int value) {
        this.trafficClass = value;
        return this;
    }

    /** The Payload Length field; by default the length of everything after the fixed header. */
    Ipv6Builder payloadLength(int value) {
        this.payloadLength = value;
        return this;
    }

    /** The fixed header's Next Header, instead of the first extension header's type or the upper-layer protocol. */
    Ipv6Builder nextHeader(int value) {
        this.nextHeader = value;
        return this;
    }

    Ipv6Builder hopLimit(int value) {
        this.hopLimit = value;
        return this;
    }

    Ipv6Builder source(byte[] address) {
        this.source = address.clone();
        return this;
    }

    Ipv6Builder destination(byte[] address) {
        this.destination = address.clone();
        return this;
    }

    /** The ICMPv6 message, its checksum computed at {@link #build()} for the addresses then set. */
    Ipv6Builder icmp(Icmpv6Builder message) {
        this.icmp = message;
        this.upperLayerProtocol = NEXT_HEADER_ICMPV6;
        return this;
    }

    /** Raw upper-layer bytes under {@code protocol} (59, No Next Header, with none). */
    Ipv6Builder upperLayer(int protocol, byte[] bytes) {
        this.icmp = null;
        this.upperLayerProtocol = protocol;
        this.upperLayer = bytes.clone();
        return this;
    }

    /** A Hop-by-Hop Options header holding {@code options}, padded to a multiple of 8 bytes. */
    Ipv6Builder hopByHop(int... options) {
        return extension(NEXT_HEADER_HOP_BY_HOP, optionsBody(options));
    }

    /** A Destination Options header holding {@code options}, padded to a multiple of 8 bytes. */
    Ipv6Builder destinationOptions(int... options) {
        return extension(NEXT_HEADER_DESTINATION_OPTIONS, optionsBody(options));
    }

    /**
     * A Routing header (RFC 8200 4.4): Hdr Ext Len, Routing Type, Segments Left, then the type-specific data (for type
     * 0, RFC 5095: 4 reserved bytes and one address per segment).
     */
    Ipv6Builder routing(int routingType, int segmentsLeft, byte[] typeSpecific) {
        byte[] body = new byte[3 + typeSpecific.length];
        int total = 1 + body.length;
        if (total % 8 != 0) {
            throw new IllegalArgumentException("a routing header of " + total + " bytes (expected: a multiple of 8)");
        }
        body[0] = (byte) (total / 8 - 1);
        body[1] = (byte) routingType;
        body[2] = (byte) segmentsLeft;
        System.arraycopy(typeSpecific, 0, body, 3, typeSpecific.length);
        return extension(NEXT_HEADER_ROUTING, body);
    }

    /** A Fragment header (RFC 8200 4.5): offset in bytes (a multiple of 8), the M flag and the identification. */
    Ipv6Builder fragmentHeader(int offset, boolean more, int identification) {
        return extension(NEXT_HEADER_FRAGMENT, fragmentBody(offset, more, identification));
    }

    /** An extension header of {@code type} whose bytes after its Next Header are {@code body}, as given. */
    Ipv6Builder extension(int type, byte[] body) {
        extensions.add(new Extension(type, body.clone()));
        return this;
    }

    byte[] build() {
        ByteArrayOutputStream chain = new ByteArrayOutputStream();
        for (int i = 0; i < extensions.size(); i++) {
            chain.write(i + 1 < extensions.size() ? extensions.get(i + 1).type() : upperLayerProtocol);
            chain.writeBytes(extensions.get(i).body());
        }
        chain.writeBytes(icmp != null ? icmp.build(source, destination) : upperLayer);
        byte[] payload = chain.toByteArray();
        int firstNextHeader = nextHeader != null ? nextHeader
            : extensions.isEmpty() ? upperLayerProtocol : extensions.get(0).type();
        ByteBuffer out = ByteBuffer.allocate(HEADER_LENGTH + payload.length);
        out.putInt(version << 28 | (trafficClass & 0xFF) << 20);
        out.putShort((short) (payloadLength != null ? payloadLength : payload.length));
        out.put((byte) firstNextHeader).put((byte) hopLimit);
        out.put(source).put(destination).put(payload);
        return out.array();
    }

    /**
     * One fragment of {@code packet}: its fixed header with Next Header 44 and the fragment's Payload Length, a
     * Fragment header that carries the packet's first Next Header, and {@code length} bytes of everything after the
     * fixed header from {@code dataOffset} (RFC 8200 4.5: the whole extension chain of {@code packet} is taken as
     * fragmentable; the offset is "in 8-octet units").
     */
    static byte[] fragment(byte[] packet, int identification, int dataOffset, int length, boolean more) {
        ByteBuffer out = ByteBuffer.allocate(HEADER_LENGTH + 8 + length);
        out.put(packet, 0, HEADER_LENGTH);
        out.put((byte) packet[NEXT_HEADER]).put(fragmentBody(dataOffset, more, identification));
        out.put(packet, HEADER_LENGTH + dataOffset, length);
        byte[] fragment = out.array();
        fragment[PAYLOAD_LENGTH] = (byte) ((8 + length) >>> 8);
        fragment[PAYLOAD_LENGTH + 1] = (byte) (8 + length);
        fragment[NEXT_HEADER] = (byte) NEXT_HEADER_FRAGMENT;
        return fragment;
    }

    /** Reserved, Fragment Offset (13 bits) | Res (2) | M, Identification (32). */
    private static byte[] fragmentBody(int offset, boolean more, int identification) {
        if (offset % 8 != 0) {
            throw new IllegalArgumentException("fragment offset " + offset + " is not a multiple of 8");
        }
        return ByteBuffer.allocate(7).put((byte) 0).putShort((short) (offset | (more ? 1 : 0)))
            .putInt(identification).array();
    }

    /** Hdr Ext Len, the options, and Pad1 or PadN up to a multiple of 8 bytes with the Next Header byte. */
    private static byte[] optionsBody(int... options) {
        int unpadded = 2 + options.length;
        int total = (unpadded + 7) / 8 * 8;
        byte[] body = Arrays.copyOf(new byte[] {(byte) (total / 8 - 1)}, total - 1);
        for (int i = 0; i < options.length; i++) {
            body[1 + i] = (byte) options[i];
        }
        int padding = total - unpadded;
        if (padding == 1) {
            body[1 + options.length] = PAD1;
        } else if (padding > 1) {
            body[1 + options.length] = PADN;
            body[2 + options.length] = (byte) (padding - 2);
        }
        return body;
    }
}
