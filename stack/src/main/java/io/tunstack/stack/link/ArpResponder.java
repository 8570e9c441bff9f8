package io.tunstack.stack.link;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.address.MacAddress;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.ArpPacket;
import io.tunstack.stack.wire.EtherType;
import io.tunstack.stack.wire.EthernetFrame;
import java.util.Objects;

/**
 * ARP (RFC 826) for the virtual hosts: answers requests for the addresses the stack answers, learns senders into the
 * {@link NeighbourCache} as RFC 826's merge rule says, and builds the ARP frames the link layer sends of its own accord
 * (requests that resolve a destination, gratuitous ARP for {@code --announce}).
 *
 * <p>Checks run in the order of Linux's {@code arp_rcv()} and {@code arp_process()}, each failure its own
 * {@link DropReason}. Frames are written into the link layer's frame buffer, which this class borrows: one frame at a
 * time, handed to the transmitter before the next is written. Nothing is allocated. Single-threaded.
 */
public final class ArpResponder {

    private final HostMacs macs;
    private final NeighbourCache cache;
    private final ByteBuf frame;
    private final ArpPacket arp = new ArpPacket();
    private final ArpPacket reply = new ArpPacket();
    private final EthernetFrame header = new EthernetFrame();

    /**
     * @param macs which addresses are answered now, and with which MAC
     * @param cache where senders are learned
     * @param frame where frames are written, borrowed from the link layer that owns it (at least 60 bytes of room)
     */
    public ArpResponder(HostMacs macs, NeighbourCache cache, ByteBuf frame) {
        this.macs = Objects.requireNonNull(macs, "macs");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.frame = Objects.requireNonNull(frame, "frame");
    }

    /**
     * Processes the ARP packet at the reader index of {@code packet} (the Ethernet header already read; bytes after
     * the 28 are padding), answering a request for an answered host through {@code tx} with a whole Ethernet frame.
     *
     * @return {@code answered: arp-reply}, or why nothing was answered
     */
    public Verdict receive(ByteBuf packet, Transmitter tx) {
        arp.wrap(packet);
        DropReason malformed = check(arp);
        if (malformed != null) {
            return Verdict.dropped(malformed);
        }
        int senderIp = arp.senderProtocolAddress();
        int targetIp = arp.targetProtocolAddress();
        long senderMac = arp.senderHardwareAddress();
        boolean request = arp.operation() == ArpPacket.OPERATION_REQUEST;
        if (senderIp == Ipv4Address.UNSPECIFIED) {
            // RFC 5227 2.1.1: a probe has sender IP 0.0.0.0 and must not be learned; Linux arp_process() answers a
            // probe for one of its own addresses (to the prober's MAC, target IP 0.0.0.0), which makes the prober
            // see the address in use.
            if (request && macs.isUpIpv4(targetIp)) {
                answer(senderMac, senderIp, targetIp, tx);
                return Verdict.answered(Answer.ARP_REPLY);
            }
            return Verdict.dropped(request ? notAnswered(targetIp) : DropReason.ARP_REPLY_RECEIVED);
        }
        if (macs.isHostIpv4(senderIp)) {
            // Another station claims a virtual host's address (or announces it): Linux neither answers nor learns
            // it, since arp_process()'s ip_route_input() refuses a local address as a source.
            return Verdict.dropped(DropReason.ARP_SENDER_IS_HOST);
        }
        // RFC 826: "If the pair <protocol type, sender protocol address> is already in my translation table, update
        // the sender hardware address field of the entry with the new information in the packet and set Merge_flag
        // to true." This comes before looking at the target, so a neighbour's gratuitous ARP refreshes its entry.
        boolean merged = cache.updateIpv4(senderIp, senderMac);
        // RFC 826: "?Am I the target protocol address? Yes: If Merge_flag is false, add the triplet ... to the
        // translation table." A host that is down is nobody.
        if (!macs.isUpIpv4(targetIp)) {
            return Verdict.dropped(request ? notAnswered(targetIp) : DropReason.ARP_REPLY_RECEIVED);
        }
        if (!merged) {
            cache.learnIpv4(senderIp, senderMac);
        }
        if (!request) {
            return Verdict.dropped(DropReason.ARP_REPLY_RECEIVED);
        }
        answer(senderMac, senderIp, targetIp, tx);
        return Verdict.answered(Answer.ARP_REPLY);
    }

    /** The drop of a request for {@code targetIp}, which is not answered now: not ours, or its host is down. */
    private DropReason notAnswered(int targetIp) {
        return macs.isHostIpv4(targetIp) ? DropReason.ARP_HOST_DOWN : DropReason.ARP_NOT_ANSWERED;
    }

    /**
     * The checks on meaning, in the order Linux makes them: the length and the address lengths ({@code arp_rcv}),
     * the types ({@code arp_process}), the operation, the sender's hardware address, the target.
     */
    static DropReason check(ArpPacket arp) {
        DropReason malformed = arp.checkLength();
        if (malformed != null) {
            return malformed;
        }
        if (arp.hardwareLength() != ArpPacket.ETHERNET_ADDRESS_LENGTH) {
            return DropReason.ARP_BAD_HARDWARE_LENGTH;
        }
        if (arp.protocolLength() != ArpPacket.IPV4_ADDRESS_LENGTH) {
            return DropReason.ARP_BAD_PROTOCOL_LENGTH;
        }
        // Linux arp_process() accepts on an Ethernet device the hardware types 1 (Ethernet) and 6 (IEEE 802.2),
        // as RFC 2625 has IEEE 802 devices do.
        if (arp.hardwareType() != ArpPacket.HARDWARE_ETHERNET && arp.hardwareType() != ArpPacket.HARDWARE_IEEE802) {
            return DropReason.ARP_BAD_HARDWARE_TYPE;
        }
        if (arp.protocolType() != EtherType.IPV4) {
            return DropReason.ARP_BAD_PROTOCOL_TYPE;
        }
        if (arp.operation() != ArpPacket.OPERATION_REQUEST && arp.operation() != ArpPacket.OPERATION_REPLY) {
            return DropReason.ARP_BAD_OPERATION;
        }
        // No station has a group or all-zero address; learning one would send a neighbour's unicast to a group.
        long senderMac = arp.senderHardwareAddress();
        if (MacAddress.isMulticast(senderMac) || senderMac == 0) {
            return DropReason.ARP_BAD_SENDER_HARDWARE_ADDRESS;
        }
        // Linux arp_process(): "Check for bad requests for 127.x.x.x and requests for multicast addresses."
        int target = arp.targetProtocolAddress();
        if (Ipv4Address.isMulticast(target) || Ipv4Address.isLoopback(target)) {
            return DropReason.ARP_BAD_TARGET;
        }
        return null;
    }

    /**
     * RFC 826: "Swap hardware and protocol fields, putting the local hardware and protocol addresses in the sender
     * fields. Set the ar$op field to ares_op$REPLY. Send the packet to the (new) target hardware address on the same
     * hardware on which the request was received." So the Ethernet destination is the request's sender hardware
     * address, not the frame's source, as Linux's arp_send_dst() sends it.
     */
    private void answer(long requesterMac, int requesterIp, int hostIp, Transmitter tx) {
        long hostMac = macs.macBitsOfIpv4(hostIp);
        send(requesterMac, hostMac, ArpPacket.OPERATION_REPLY, hostMac, hostIp, requesterMac, requesterIp, tx);
    }

    /**
     * Sends an ARP request for {@code targetIp} from the host {@code senderIp} (MAC {@code senderMac}) to the
     * broadcast address, target hardware address unknown (zeros, as Linux's arp_solicit() sends).
     */
    public void request(int senderIp, long senderMac, int targetIp, Transmitter tx) {
        send(MacAddress.BROADCAST.bits(), senderMac, ArpPacket.OPERATION_REQUEST, senderMac, senderIp, 0, targetIp,
                tx);
    }

    /**
     * Sends a gratuitous ARP for the host {@code address}: an ARP announcement (RFC 5227 2.3: a request whose sender
     * and target IP are both the address, target hardware address zero) to the broadcast address, as Linux's
     * arp_send() sends when an address comes up ({@code arp_notify}) and {@code arping -U} does.
     */
    public void announce(int address, Transmitter tx) {
        long mac = macs.macBitsOfIpv4(address);
        send(MacAddress.BROADCAST.bits(), mac, ArpPacket.OPERATION_REQUEST, mac, address, 0, address, tx);
    }

    private void send(long destination, long source, int operation, long senderMac, int senderIp, long targetMac,
            int targetIp, Transmitter tx) {
        frame.clear();
        frame.writeZero(EthernetFrame.MIN_FRAME_LENGTH);
        header.wrap(frame, 0, EthernetFrame.MIN_FRAME_LENGTH);
        header.setDestination(destination);
        header.setSource(source);
        header.setEtherType(EtherType.ARP);
        reply.wrap(frame, header.payloadOffset(), ArpPacket.LENGTH);
        reply.setEthernetIpv4(operation);
        reply.setSenderHardwareAddress(senderMac);
        reply.setSenderProtocolAddress(senderIp);
        reply.setTargetHardwareAddress(targetMac);
        reply.setTargetProtocolAddress(targetIp);
        tx.transmit(frame);
    }
}
