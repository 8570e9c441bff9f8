package io.tunstack.stack.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tunstack.stack.NetworkStack;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.address.IpAddress;
import io.tunstack.stack.address.IpFamily;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.address.MacAddress;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.ip.Deadlines;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.StackEvent;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.EtherType;
import io.tunstack.stack.wire.EthernetFrame;
import io.tunstack.stack.wire.Ipv4Packet;
import io.tunstack.stack.wire.Ipv6Packet;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The link layer of a TAP device: Ethernet frames in and out, ARP and NDP answered for the virtual hosts, IP handed to
 * the {@link NetworkStack} without the Ethernet header and given one on the way out.
 *
 * <p>Receive, cheap checks first, each drop its own {@link DropReason}, counted here:
 * <ol>
 *   <li>the 14-byte header ({@code ethernet-truncated});</li>
 *   <li>the destination: broadcast, a group address, or a virtual host's MAC ({@link HostMacs#isHostMac}); another
 *       station's unicast is {@code ethernet-other-host}, as Linux's eth_type_trans() marks it PACKET_OTHERHOST;</li>
 *   <li>the source: never a group or all zeros ({@code ethernet-bad-source});</li>
 *   <li>the type: ARP to the {@link ArpResponder}; IPv6 NDP (ICMPv6 133..137 right after the fixed header) to
 *       {@link NeighborDiscovery}; IPv4 and IPv6 to the stack, reader index past the header (the stack trims Ethernet
 *       padding by the IP length, and counts its own verdict), unless the version nibble is not the EtherType's
 *       ({@code ethernet-type-mismatch}); VLAN tags ({@code ethernet-vlan}) and any other type
 *       ({@code ethernet-unknown-type}) dropped.</li>
 * </ol>
 * The source of an IP packet the stack did not drop is learned into the {@link NeighbourCache} with the frame's
 * source MAC, so that what the stack sends later (delayed answers, TCP retransmissions) finds it; the stack's direct
 * answer to a packet goes to the frame's source MAC without a lookup, so an IPv4 packet from an unknown neighbour
 * still gets its reply.
 *
 * <p>Transmit (the stack's {@link Transmitter}, wrapped): the destination MAC is the group address of a multicast
 * destination (RFC 1112 6.4, RFC 2464 7), broadcast for a broadcast one, else the neighbour's; the source MAC is
 * {@link HostMacs#macBitsOfIpv4 the MAC of the packet's source host}. An answer built in place in the received frame's
 * buffer, with 14 bytes before it, gets its header written in place there: no copy, no allocation, the echo path stays
 * as cheap as on TUN. Anything else is copied behind a header into the layer's frame buffer. A frame under 60 bytes is
 * padded with zeros (in the frame buffer, never in the stack's). The stack's buffer gets its indices back after the
 * transmitter returns. A packet to a neighbour whose MAC is unknown waits in the {@link ResolutionQueue}.
 *
 * <p>Counting: the verdicts of ARP, NDP and the Ethernet checks, and the ARP replies and Neighbor Advertisements sent,
 * go to the stack's counters from here; the verdicts {@link NetworkStack#receive} returns are counted by the stack.
 *
 * <p>Buffers: the received frame is borrowed, as the stack borrows it. The layer owns one frame buffer (for copies,
 * ARP frames and padding) and the queued frames' copies; {@link #close()} releases them and closes the stack.
 * Single-threaded: one per worker, like its stack.
 */
public final class EthernetLayer implements LinkLayer {

    /** The most hosts of each family that {@link #announce} announces. */
    public static final int ANNOUNCE_LIMIT = 256;

    private static final int IPV4_SOURCE = Ipv4Packet.SOURCE_ADDRESS_FIELD.byteOffset();
    private static final int IPV4_DESTINATION = Ipv4Packet.DESTINATION_ADDRESS_FIELD.byteOffset();
    private static final int IPV6_SOURCE = Ipv6Packet.SOURCE_ADDRESS_FIELD.byteOffset();
    private static final int IPV6_DESTINATION = Ipv6Packet.DESTINATION_ADDRESS_FIELD.byteOffset();
    private static final int IP_VERSION_SHIFT = 4;
    /** The first byte of every IPv6 multicast address (RFC 4291 2.7). */
    private static final long IPV6_MULTICAST_BYTE = 0xFF;

    private final NetworkStack stack;
    private final HostMacs macs;
    private final StackCounters counters;
    private final NeighbourCache cache;
    private final ArpResponder arp;
    private final NeighborDiscovery ndp;
    private final ResolutionQueue queue;
    /** The layer's frame buffer: copies of packets behind a header, ARP frames, padding. */
    private final ByteBuf frameBuffer;
    private final EthernetFrame received = new EthernetFrame();
    private final EthernetFrame header = new EthernetFrame();
    private final IpOutput ipOutput = new IpOutput();
    /** The subnet broadcast of the device's IPv4 subnet, or the limited broadcast when the stack runs no IPv4. */
    private final int subnetBroadcast;

    // What the frame being received said, for the stack's direct answers; valid while the stack handles it.
    private ByteBuf receiving;
    private int receivingBase;
    private long receivingSourceMac;
    /** 4 or 6 while the stack handles an IP frame whose source was read; 0 otherwise. */
    private int receivingVersion;
    private long receivingSourceHigh;
    private long receivingSourceLow;
    /** The link's transmitter while the stack sends through {@link #ipOutput}. */
    private Transmitter linkTx;

    /**
     * A layer in front of {@code stack}, which it owns from now on.
     *
     * @param macs the virtual hosts' MACs ({@link HostMacs#of})
     * @param counters where the layer counts its verdicts and events: the stack's
     * @param nanoClock the stack's monotonic clock ({@link System#nanoTime()} in production)
     * @param allocator for the layer's frame buffer and the queued frames' copies
     */
    public EthernetLayer(NetworkStack stack, HostMacs macs, StackCounters counters, LongSupplier nanoClock,
            ByteBufAllocator allocator) {
        this.stack = Objects.requireNonNull(stack, "stack");
        this.macs = Objects.requireNonNull(macs, "macs");
        this.counters = Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(nanoClock, "nanoClock");
        StackConfig config = stack.config();
        this.cache = new NeighbourCache(nanoClock);
        this.ndp = new NeighborDiscovery(config, macs, cache, allocator);
        this.queue = new ResolutionQueue(allocator, counters, nanoClock, this::solicit);
        this.subnetBroadcast = config.ipv4() != null ? config.ipv4().ipv4SubnetBroadcast()
                : Ipv4Address.LIMITED_BROADCAST;
        this.frameBuffer = allocator.directBuffer(EthernetFrame.HEADER_LENGTH + config.mtu(),
                EthernetFrame.HEADER_LENGTH + Ipv4Packet.MAX_TOTAL_LENGTH + Ipv6Packet.HEADER_LENGTH);
        this.arp = new ArpResponder(macs, cache, frameBuffer);
    }

    @Override
    public NetworkStack stack() {
        return stack;
    }

    /** The neighbours learned so far (for status and tests). */
    public NeighbourCache neighbours() {
        return cache;
    }

    /** How many frames wait for their destination's MAC now. */
    public int awaitingResolution() {
        return queue.frames();
    }

    @Override
    public Verdict receive(ByteBuf frame, Transmitter tx) {
        int base = frame.readerIndex();
        received.wrap(frame, base, frame.readableBytes());
        DropReason malformed = received.checkLength();
        if (malformed != null) {
            return counted(Verdict.dropped(malformed));
        }
        long destination = received.destination();
        if (!MacAddress.isMulticast(destination) && !macs.isHostMac(destination)) {
            return counted(Verdict.dropped(DropReason.ETHERNET_OTHER_HOST));
        }
        long source = received.source();
        if (MacAddress.isMulticast(source) || source == 0) {
            return counted(Verdict.dropped(DropReason.ETHERNET_BAD_SOURCE));
        }
        int etherType = received.etherType();
        frame.readerIndex(received.payloadOffset());
        switch (etherType) {
            case EtherType.IPV4:
                if (!isVersion(frame, Ipv4Packet.VERSION)) {
                    return counted(Verdict.dropped(DropReason.ETHERNET_TYPE_MISMATCH));
                }
                return receiveIp(frame, base, source, tx);
            case EtherType.IPV6:
                if (!isVersion(frame, Ipv6Packet.VERSION)) {
                    return counted(Verdict.dropped(DropReason.ETHERNET_TYPE_MISMATCH));
                }
                if (NeighborDiscovery.isNdp(frame)) {
                    Verdict verdict = counted(ndp.receive(frame, MacAddress.of(source), tx));
                    queue.resolve(cache, tx);
                    return verdict;
                }
                return receiveIp(frame, base, source, tx);
            case EtherType.ARP: {
                Verdict verdict = counted(arp.receive(frame, tx));
                queue.resolve(cache, tx);
                return verdict;
            }
            default:
                return counted(Verdict.dropped(EtherType.isVlanTag(etherType) ? DropReason.ETHERNET_VLAN
                        : DropReason.ETHERNET_UNKNOWN_TYPE));
        }
    }

    /** Counts a verdict of this layer's own (not the stack's), and the answer it sent. */
    private Verdict counted(Verdict verdict) {
        counters.count(verdict);
        if (verdict.isAnswered()) {
            counters.countSent(verdict.answer());
        }
        return verdict;
    }

    /**
     * Whether the IP packet at the reader index has {@code version}, or is empty (which the stack drops as not IP). A
     * packet whose version is not its EtherType's is dropped, as Linux's ip_rcv() and ipv6_rcv() drop it; the stack,
     * which dispatches by the version, never sees it.
     */
    private static boolean isVersion(ByteBuf packet, int version) {
        return !packet.isReadable() || packet.getUnsignedByte(packet.readerIndex()) >>> IP_VERSION_SHIFT == version;
    }

    /** Hands the IP packet at the reader index to the stack, then learns its source if the stack did not drop it. */
    private Verdict receiveIp(ByteBuf frame, int base, long sourceMac, Transmitter tx) {
        readSource(frame);
        receiving = frame;
        receivingBase = base;
        receivingSourceMac = sourceMac;
        linkTx = tx;
        Verdict verdict;
        int version = receivingVersion;
        try {
            verdict = stack.receive(frame, ipOutput);
        } finally {
            receiving = null;
            receivingVersion = 0;
            linkTx = null;
        }
        if (!verdict.isDropped() && version != 0) {
            learn(version, sourceMac, tx);
        }
        return verdict;
    }

    /** Learns the received packet's source, and sends what waited for it. */
    private void learn(int version, long sourceMac, Transmitter tx) {
        if (version == Ipv4Packet.VERSION) {
            cache.learnIpv4((int) receivingSourceLow, sourceMac);
        } else {
            cache.learnIpv6(receivingSourceHigh, receivingSourceLow, sourceMac);
        }
        queue.resolve(cache, tx);
    }

    /**
     * Reads the IP source of the packet at the reader index before the stack rewrites it (an answer in place swaps
     * the addresses): sets {@link #receivingVersion} when the header is long enough to hold it, else 0.
     */
    private void readSource(ByteBuf packet) {
        int ip = packet.readerIndex();
        int version = packet.isReadable() ? packet.getUnsignedByte(ip) >>> IP_VERSION_SHIFT : 0;
        if (version == Ipv4Packet.VERSION && packet.readableBytes() >= Ipv4Packet.MIN_HEADER_LENGTH) {
            receivingVersion = Ipv4Packet.VERSION;
            receivingSourceHigh = 0;
            receivingSourceLow = Integer.toUnsignedLong(packet.getInt(ip + IPV4_SOURCE));
        } else if (version == Ipv6Packet.VERSION && packet.readableBytes() >= Ipv6Packet.HEADER_LENGTH) {
            receivingVersion = Ipv6Packet.VERSION;
            receivingSourceHigh = packet.getLong(ip + IPV6_SOURCE);
            receivingSourceLow = packet.getLong(ip + IPV6_SOURCE + Long.BYTES);
        } else {
            receivingVersion = 0;
        }
    }

    @Override
    public long nextDeadline() {
        return Deadlines.earliest(stack.nextDeadline(), queue.nextDeadline());
    }

    @Override
    public void poll(long nowNanos, Transmitter tx) {
        linkTx = tx;
        try {
            stack.poll(nowNanos, ipOutput);
        } finally {
            linkTx = null;
        }
        queue.poll(nowNanos, tx);
    }

    /**
     * Announces the virtual hosts that are up: a gratuitous ARP for each IPv4 host and an unsolicited Neighbor
     * Advertisement for each IPv6 one, the first {@link #ANNOUNCE_LIMIT} of each family in address order, so that
     * neighbours that cached an older MAC for an address update it at once (RFC 5227 2.3, RFC 4861 7.2.6).
     *
     * @return how many were sent
     */
    public int announce(Transmitter tx) {
        int sent = 0;
        int[] perFamily = new int[IpFamily.values().length];
        for (InterfaceAddress block : stack.config().answered().prefixes()) {
            IpAddress address = block.network();
            IpAddress last = block.last();
            int family = address.family().ordinal();
            while (perFamily[family] < ANNOUNCE_LIMIT) {
                if (address.isIpv4() ? macs.isUpIpv4(address.ipv4()) : macs.isUpIpv6(address.high(), address.low())) {
                    if (address.isIpv4()) {
                        arp.announce(address.ipv4(), tx);
                    } else {
                        ndp.advertise(address.high(), address.low(), tx);
                    }
                    counters.countEvent(StackEvent.NEIGHBOUR_ANNOUNCEMENT_SENT);
                    perFamily[family]++;
                    sent++;
                }
                if (address.equals(last)) {
                    break;
                }
                address = address.plus(1);
            }
        }
        return sent;
    }

    /** Sends one solicitation for the resolution queue: an ARP request, or an NS through {@link NeighborDiscovery}. */
    private void solicit(boolean ipv6, long targetHigh, long targetLow, long sourceHigh, long sourceLow,
            long sourceMac, Transmitter tx) {
        if (ipv6) {
            ndp.solicit(sourceHigh, sourceLow, MacAddress.of(sourceMac), targetHigh, targetLow, tx);
        } else {
            arp.request((int) sourceLow, sourceMac, (int) targetLow, tx);
        }
    }

    /** Releases the queued frames, the frame buffer and neighbor discovery's, and closes the stack. */
    @Override
    public void close() {
        try {
            queue.close();
            frameBuffer.release();
            ndp.close();
        } finally {
            stack.close();
        }
    }

    /** The stack's transmitter: puts an Ethernet header in front of each IP packet and hands the frame to the link. */
    private final class IpOutput implements Transmitter {

        @Override
        public void transmit(ByteBuf packet) {
            int ip = packet.readerIndex();
            if (!packet.isReadable()) {
                return;
            }
            int version = packet.getUnsignedByte(ip) >>> IP_VERSION_SHIFT;
            if (version == Ipv4Packet.VERSION) {
                int destination = packet.getInt(ip + IPV4_DESTINATION);
                int source = packet.getInt(ip + IPV4_SOURCE);
                long sourceMac = macs.macBitsOfIpv4(source);
                long destinationMac = ipv4Destination(destination);
                if (destinationMac == NeighbourCache.UNKNOWN) {
                    queueFrame(packet, false, 0, Integer.toUnsignedLong(destination), 0,
                            Integer.toUnsignedLong(source), sourceMac, EtherType.IPV4);
                } else {
                    send(packet, destinationMac, sourceMac, EtherType.IPV4);
                }
            } else {
                long destinationHigh = packet.getLong(ip + IPV6_DESTINATION);
                long destinationLow = packet.getLong(ip + IPV6_DESTINATION + Long.BYTES);
                long sourceHigh = packet.getLong(ip + IPV6_SOURCE);
                long sourceLow = packet.getLong(ip + IPV6_SOURCE + Long.BYTES);
                long sourceMac = macs.macBitsOfIpv6(sourceHigh, sourceLow);
                long destinationMac = ipv6Destination(destinationHigh, destinationLow);
                if (destinationMac == NeighbourCache.UNKNOWN) {
                    queueFrame(packet, true, destinationHigh, destinationLow, sourceHigh, sourceLow, sourceMac,
                            EtherType.IPV6);
                } else {
                    send(packet, destinationMac, sourceMac, EtherType.IPV6);
                }
            }
        }
    }

    /**
     * The MAC of the IPv4 destination: a group's (RFC 1112 6.4), broadcast for a broadcast address, the received
     * frame's source for the answer to it, else the neighbour cache's, or {@link NeighbourCache#UNKNOWN}.
     */
    private long ipv4Destination(int destination) {
        if (Ipv4Address.isMulticast(destination)) {
            return MacAddress.ipv4MulticastBits(destination);
        }
        if (destination == subnetBroadcast || Ipv4Address.isLimitedBroadcast(destination)) {
            return MacAddress.BROADCAST.bits();
        }
        if (receivingVersion == Ipv4Packet.VERSION && Integer.toUnsignedLong(destination) == receivingSourceLow) {
            return receivingSourceMac;
        }
        return cache.lookupIpv4(destination);
    }

    /** The MAC of the IPv6 destination: a group's (RFC 2464 7), the received frame's source, or the cache's. */
    private long ipv6Destination(long high, long low) {
        if (high >>> (Long.SIZE - Byte.SIZE) == IPV6_MULTICAST_BYTE) {
            return MacAddress.ipv6MulticastBits(low);
        }
        if (receivingVersion == Ipv6Packet.VERSION && high == receivingSourceHigh && low == receivingSourceLow) {
            return receivingSourceMac;
        }
        return cache.lookupIpv6(high, low);
    }

    /**
     * Sends {@code packet} behind a header: in place when it is the received frame's buffer with room for the header
     * before it and needs no padding, else copied into the frame buffer (padded to 60 bytes).
     */
    private void send(ByteBuf packet, long destinationMac, long sourceMac, int etherType) {
        int ip = packet.readerIndex();
        int end = packet.writerIndex();
        int length = end - ip;
        int frameStart = ip - EthernetFrame.HEADER_LENGTH;
        if (packet == receiving && frameStart >= receivingBase
                && length + EthernetFrame.HEADER_LENGTH >= EthernetFrame.MIN_FRAME_LENGTH) {
            header.wrap(packet, frameStart, EthernetFrame.HEADER_LENGTH + length);
            header.setDestination(destinationMac);
            header.setSource(sourceMac);
            header.setEtherType(etherType);
            packet.readerIndex(frameStart);
            try {
                linkTx.transmit(packet);
            } finally {
                packet.setIndex(ip, end);
            }
            return;
        }
        linkTx.transmit(frame(packet, destinationMac, sourceMac, etherType));
    }

    /** Copies {@code packet} behind a header into the frame buffer, padded to 60 bytes; the packet's indices stay. */
    private ByteBuf frame(ByteBuf packet, long destinationMac, long sourceMac, int etherType) {
        frameBuffer.clear();
        frameBuffer.writeZero(EthernetFrame.HEADER_LENGTH);
        header.wrap(frameBuffer, 0, EthernetFrame.HEADER_LENGTH);
        header.setDestination(destinationMac);
        header.setSource(sourceMac);
        header.setEtherType(etherType);
        frameBuffer.writeBytes(packet, packet.readerIndex(), packet.readableBytes());
        if (frameBuffer.readableBytes() < EthernetFrame.MIN_FRAME_LENGTH) {
            frameBuffer.writeZero(EthernetFrame.MIN_FRAME_LENGTH - frameBuffer.readableBytes());
        }
        return frameBuffer;
    }

    /** Queues the frame of {@code packet} (destination address still zero) until its destination is resolved. */
    private void queueFrame(ByteBuf packet, boolean ipv6, long targetHigh, long targetLow, long sourceHigh,
            long sourceLow, long sourceMac, int etherType) {
        ByteBuf frame = frame(packet, 0, sourceMac, etherType);
        queue.enqueue(frame, ipv6, targetHigh, targetLow, sourceHigh, sourceLow, sourceMac, linkTx);
    }
}
