package io.tunstack.stack.ipv4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.ip.IpIdGenerator;
import io.tunstack.stack.wire.Icmpv4Packet;
import io.tunstack.stack.wire.Icmpv4Type;
import io.tunstack.stack.wire.IpProtocol;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.wire.Ipv4Packet;

/**
 * The ICMP error messages tunstack originates (Parameter Problem, Destination Unreachable): when one may be sent
 * ({@link #mayBeSentFor}) and how it is built, the way Linux's {@code __icmp_send()} builds it.
 *
 * <p>An error is a new datagram from the offending datagram's destination back to its source, quoting the offending
 * datagram from its first header byte. RFC 1812 4.3.2.3: "the ICMP datagram SHOULD contain as much of the original
 * datagram as possible without the length of the ICMP datagram exceeding 576 bytes"; RFC 1122 3.2.2 requires at
 * least the IP header and the first 8 data bytes. Linux quotes up to 576 bytes in all, less when the link MTU is
 * smaller, and so does this class.
 *
 * <p>Ownership: each build method writes the error into this builder's own buffer, allocated at the first error and
 * reused for every later one, so that an error costs no allocation, and returns it retained once for the caller: the
 * caller hands it to the transmitter (which only borrows it) and releases it before asking for the next error.
 * {@link #close()} releases the buffer itself. The offending packet is only read.
 *
 * <p>Rate limiting is not this class's job: the caller asks an {@link IcmpRateLimiter} first. One instance belongs to
 * one worker thread (it keeps two views); it is not thread-safe.
 *
 * <p>Known difference from Linux: an error built here carries no IP options. Linux echoes into an error the Record
 * Route and Timestamp options that {@code ip_options_compile()} had accepted before it met the bad one (a Parameter
 * Problem for a second Record Route carries the first, updated); this class sends a plain 20-byte header.
 */
public final class IcmpError implements AutoCloseable {

    /*
     * RFC 792, Parameter Problem Message (Destination Unreachable has the same layout with the second word unused):
     *
     *   0                   1                   2                   3
     *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |     Type      |     Code      |          Checksum             |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |    Pointer    |                   unused                      |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |      Internet Header + 64 bits of Original Data Datagram      |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     */

    /** Offsets inside the ICMP error message, from its Type octet. */
    private static final class Field {
        /** The second word ("rest of header"): the Parameter Problem pointer is its first octet. */
        static final int REST_OF_HEADER = 4;
        static final int QUOTE = Icmpv4Packet.HEADER_LENGTH;

        private Field() {
        }
    }

    /** RFC 1812 4.3.2.3 (and Linux): an ICMP error datagram is at most 576 bytes long. */
    public static final int MAX_ERROR_LENGTH = 576;
    /** Parameter Problem code 0: "pointer indicates the error" (RFC 792). */
    public static final int CODE_POINTER_INDICATES_ERROR = 0;
    /** Destination Unreachable code 1: host unreachable (RFC 792), what a router sends for a host it cannot reach. */
    public static final int CODE_HOST_UNREACHABLE = 1;
    /** Destination Unreachable code 2: protocol unreachable (RFC 792). */
    public static final int CODE_PROTOCOL_UNREACHABLE = 2;
    /** Destination Unreachable code 3: port unreachable (RFC 792). */
    public static final int CODE_PORT_UNREACHABLE = 3;
    /** Time Exceeded code 0: time to live exceeded in transit (RFC 792), what a router sends. */
    public static final int CODE_TTL_EXCEEDED_IN_TRANSIT = 0;
    /** Time Exceeded code 1: fragment reassembly time exceeded (RFC 792). */
    public static final int CODE_FRAGMENT_REASSEMBLY_TIME_EXCEEDED = 1;

    /** IPTOS_PREC_INTERNETCONTROL: Linux sends errors with precedence 6, "internetwork control". */
    private static final int PRECEDENCE_INTERNETWORK_CONTROL = 0xC0;
    /** RT_TOS(): the four classic TOS bits, which Linux keeps from the offending datagram. */
    private static final int CLASSIC_TOS_BITS = 0x1E;

    private final ByteBufAllocator allocator;
    private final IpIdGenerator ids;
    private final int maxErrorLength;
    private final Ipv4Packet ip = new Ipv4Packet();
    private final Icmpv4Packet icmp = new Icmpv4Packet();
    /** Where every error is built; {@code null} until the first. */
    private ByteBuf scratch;

    /**
     * @param allocator allocates each error; the caller releases it
     * @param ids chooses each error's Identification (Linux: ip_idents, see {@code IpIdentTable})
     * @param linkMtu the MTU of the link the errors leave by; errors are at most {@code min(linkMtu, 576)} bytes
     * @throws IllegalArgumentException when the MTU leaves no room for an IP header, an ICMP header and a quoted IP
     *     header (Linux: "We need to include at least one IP network header for this message to make any sense.")
     */
    public IcmpError(ByteBufAllocator allocator, IpIdGenerator ids, int linkMtu) {
        this.allocator = allocator;
        this.ids = ids;
        this.maxErrorLength = Math.min(linkMtu, MAX_ERROR_LENGTH);
        int room = maxErrorLength - Ipv4Packet.MIN_HEADER_LENGTH - Icmpv4Packet.HEADER_LENGTH;
        if (room <= Ipv4Packet.MIN_HEADER_LENGTH) {
            throw new IllegalArgumentException("link MTU too small for ICMP errors: " + linkMtu + " (expected: "
                    + (2 * Ipv4Packet.MIN_HEADER_LENGTH + Icmpv4Packet.HEADER_LENGTH + 1) + "+)");
        }
    }

    /**
     * Whether an ICMP error may answer {@code offending}. RFC 1122 3.2.2: "An ICMP error message MUST NOT be sent as
     * the result of receiving:
     * <ul>
     *   <li>an ICMP error message, or</li>
     *   <li>a datagram destined to an IP broadcast or IP multicast address, or</li>
     *   <li>a datagram sent as a link-layer broadcast (a TUN device has no link layer), or</li>
     *   <li>a non-initial fragment, or</li>
     *   <li>a datagram whose source address does not define a single host -- e.g., a zero address, a loopback
     *       address, a broadcast address, a multicast address, or a Class E address."</li>
     * </ul>
     * As Linux does, an ICMP message whose type cannot be read counts as an error, and so do unassigned types (1, 2,
     * 6, 7) and types above 18 ("Assume any unknown ICMP type is an error. This isn't specified by the RFC, but think
     * about it.."); router advertisement and solicitation (9, 10) are errors to Linux too.
     *
     * <p>Precondition: {@code offending.checkLength()} returned {@code null}.
     *
     * @param subnetBroadcast the directed broadcast address of the link's subnet
     */
    public static boolean mayBeSentFor(Ipv4Packet offending, int subnetBroadcast) {
        if (offending.fragmentOffset() != 0) {
            return false;
        }
        int destination = offending.destinationAddress();
        if (destination == subnetBroadcast || Ipv4Address.isLimitedBroadcast(destination)
                || Ipv4Address.isMulticast(destination)) {
            return false;
        }
        int source = offending.sourceAddress();
        if (Ipv4Address.isThisNetwork(source) || Ipv4Address.isLoopback(source) || Ipv4Address.isMulticast(source)
                || Ipv4Address.isClassE(source) || source == subnetBroadcast) {
            return false;
        }
        if (offending.protocol() == IpProtocol.ICMP) {
            if (offending.payloadLength() < 1) {
                return false;
            }
            return !isErrorToLinux(offending.buffer().getUnsignedByte(offending.payloadOffset()));
        }
        return true;
    }

    /** Linux's {@code icmp_pointers[type].error}, with every type above 18 taken for an error. */
    private static boolean isErrorToLinux(int type) {
        switch (type) {
            case Icmpv4Type.ECHO_REPLY:
            case Icmpv4Type.ECHO_REQUEST:
            case Icmpv4Type.TIMESTAMP_REQUEST:
            case Icmpv4Type.TIMESTAMP_REPLY:
            case Icmpv4Type.INFORMATION_REQUEST:
            case Icmpv4Type.INFORMATION_REPLY:
            case Icmpv4Type.ADDRESS_MASK_REQUEST:
            case Icmpv4Type.ADDRESS_MASK_REPLY:
                return false;
            default:
                // The five RFC 1122 errors, the unassigned types up to 18, and anything above 18.
                return true;
        }
    }

    /**
     * Builds a Parameter Problem, code 0, whose pointer names the offending octet: RFC 792, "If code = 0, identifies
     * the octet where an error was detected."
     *
     * @param pointer the octet's offset from the start of the offending IP header, 0..255 (for an option, the value
     *     {@link io.tunstack.stack.ipv4.Ipv4Options#validate} returned)
     * @return the builder's buffer holding the whole IPv4 datagram, retained for the caller, who releases it
     */
    public ByteBuf parameterProblem(Ipv4Packet offending, int pointer) {
        if (pointer < 0 || pointer > 0xFF) {
            throw new IllegalArgumentException("parameter problem pointer: " + pointer + " (expected: 0..255)");
        }
        return build(offending, Icmpv4Type.PARAMETER_PROBLEM, CODE_POINTER_INDICATES_ERROR, pointer << 24);
    }

    /**
     * Builds a Destination Unreachable with {@code code} (RFC 792: 2 protocol unreachable, 3 port unreachable, ...),
     * the second word zero ("unused").
     *
     * @return the builder's buffer holding the whole IPv4 datagram, retained for the caller, who releases it
     */
    public ByteBuf destinationUnreachable(Ipv4Packet offending, int code) {
        return destinationUnreachable(offending, code, StackConfig.DEFAULT_HOP_LIMIT);
    }

    /** {@link #destinationUnreachable(Ipv4Packet, int)} sent with TTL {@code ttl} (a host's profile sets it). */
    public ByteBuf destinationUnreachable(Ipv4Packet offending, int code, int ttl) {
        return build(offending, Icmpv4Type.DESTINATION_UNREACHABLE, code, 0, offending.destinationAddress(), ttl);
    }

    /**
     * Builds a Time Exceeded with {@code code} (RFC 792: 0 time to live exceeded in transit, 1 fragment reassembly
     * time exceeded), the second word zero ("unused").
     *
     * @return the builder's buffer holding the whole IPv4 datagram, retained for the caller, who releases it
     */
    public ByteBuf timeExceeded(Ipv4Packet offending, int code) {
        return build(offending, Icmpv4Type.TIME_EXCEEDED, code, 0, offending.destinationAddress(),
                StackConfig.DEFAULT_HOP_LIMIT);
    }

    /**
     * Builds the error a router on the way sends about {@code offending} (a Time Exceeded in transit, a Host
     * Unreachable), from the router's address {@code source}: a Linux router sends its errors from the address of the
     * interface they leave by (icmp_send() with {@code icmp_errors_use_inbound_ifaddr=0}), not from the datagram's
     * destination. The second word is zero ("unused").
     *
     * @param ttl the TTL the error leaves with
     * @return a new buffer holding the whole IPv4 datagram; the caller releases it
     */
    public ByteBuf fromRouter(Ipv4Packet offending, int type, int code, int source, int ttl) {
        return build(offending, type, code, 0, source, ttl);
    }

    private ByteBuf build(Ipv4Packet offending, int type, int code, int restOfHeader) {
        return build(offending, type, code, restOfHeader, offending.destinationAddress(),
                StackConfig.DEFAULT_HOP_LIMIT);
    }

    private ByteBuf build(Ipv4Packet offending, int type, int code, int restOfHeader, int source, int ttl) {
        int headers = Ipv4Packet.MIN_HEADER_LENGTH + Icmpv4Packet.HEADER_LENGTH;
        int quoted = Math.min(offending.totalLength(), maxErrorLength - headers);
        int totalLength = headers + quoted;
        if (scratch == null) {
            scratch = allocator.buffer(maxErrorLength, maxErrorLength);
        }
        ByteBuf out = scratch.clear().retain();
        boolean success = false;
        try {
            out.writeZero(totalLength);
            ip.wrap(out, out.readerIndex(), totalLength);
            ip.setVersion(Ipv4Packet.VERSION);
            ip.setIhl(Ipv4Packet.MIN_HEADER_LENGTH / 4);
            // Linux: tos = RT_TOS(iph->tos) | IPTOS_PREC_INTERNETCONTROL for an error.
            int offendingTos = offending.dscp() << 2 | offending.ecn();
            int tos = offendingTos & CLASSIC_TOS_BITS | PRECEDENCE_INTERNETWORK_CONTROL;
            ip.setDscp(tos >>> 2);
            ip.setEcn(tos & 0x03);
            ip.setTotalLength(totalLength);
            // Linux's ICMP socket does not set DF (IP_PMTUDISC_DONT).
            ip.setIdentification(ids.nextIdentification(offending.sourceAddress(), offending.destinationAddress(),
                    IpProtocol.ICMP));
            ip.setTtl(ttl);
            ip.setProtocol(IpProtocol.ICMP);
            // A host's error comes from the address the offending datagram was sent to (Linux: saddr = iph->daddr).
            ip.setSourceAddress(source);
            ip.setDestinationAddress(offending.sourceAddress());
            ip.fillHeaderChecksum();

            int icmpBase = ip.payloadOffset();
            icmp.wrap(out, icmpBase, totalLength - Ipv4Packet.MIN_HEADER_LENGTH);
            icmp.setType(type);
            icmp.setCode(code);
            out.setInt(icmpBase + Field.REST_OF_HEADER, restOfHeader);
            out.setBytes(icmpBase + Field.QUOTE, offending.buffer(), offending.base(), quoted);
            icmp.fillChecksum();
            success = true;
            return out;
        } finally {
            if (!success) {
                out.release();
            }
        }
    }

    /** Releases the buffer errors are built in. */
    @Override
    public void close() {
        if (scratch != null) {
            scratch.release();
            scratch = null;
        }
    }
}
