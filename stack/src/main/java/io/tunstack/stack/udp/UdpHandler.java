package io.tunstack.stack.udp;

import io.tunstack.stack.address.IpFamily;
import io.tunstack.stack.config.OpenPorts;
import io.tunstack.stack.ip.Datagram;
import io.tunstack.stack.ip.ProtocolHandler;
import io.tunstack.stack.ip.Rejection;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.IpProtocol;
import io.tunstack.stack.wire.UdpPacket;

/**
 * UDP (protocol 17) input for both families, as a host with sockets on the {@linkplain OpenPorts open ports} that
 * never reply: a datagram to an open port is consumed; one to a closed port is rejected with Port Unreachable, which
 * the network layer sends where the ICMP error rules and rate limits allow (RFC 1122 4.1.3.1: "If a datagram arrives
 * addressed to a UDP port for which there is no pending LISTEN call, UDP SHOULD send an ICMP Port Unreachable
 * message"). Nothing is ever answered in place. Single-threaded; allocates nothing.
 */
public final class UdpHandler implements ProtocolHandler {

    private final OpenPorts openPorts;
    private final UdpPacket udp = new UdpPacket();

    public UdpHandler(OpenPorts openPorts) {
        this.openPorts = openPorts;
    }

    @Override
    public Verdict receive(Datagram datagram) {
        udp.wrap(datagram.buffer(), datagram.payloadOffset(), datagram.payloadLength());
        // Bytes after Length are not part of the datagram (Linux udp_rcv() trims to it); a Length beyond the IP
        // payload is a truncated datagram.
        DropReason reason = udp.checkLength();
        if (reason != null) {
            return Verdict.dropped(reason);
        }
        reason = checkChecksum(datagram);
        if (reason != null) {
            return Verdict.dropped(reason);
        }
        if (datagram.toGroup()) {
            // RFC 1122 3.2.2 and RFC 4443 2.4 (e.3): no error about a datagram to a broadcast or multicast address;
            // tunstack joins no group, so no socket takes it either (Linux __udp4_lib_mcast_deliver() finds none).
            return Verdict.dropped(DropReason.UDP_TO_GROUP);
        }
        if (openPorts.isOpen(IpProtocol.UDP, udp.destinationPort())) {
            return Verdict.dropped(DropReason.UDP_PORT_OPEN);
        }
        datagram.reject(Rejection.PORT_UNREACHABLE);
        return Verdict.dropped(DropReason.UDP_PORT_CLOSED);
    }

    /**
     * The checksum comes first, as in Linux's __udp4_lib_rcv() and __udp6_lib_rcv(): a datagram with a bad one is
     * dropped silently, whatever its port. RFC 768: an all-zero checksum means "no checksum" over IPv4; RFC 8200 8.1:
     * over IPv6 "a UDP packet containing a zero checksum value must be discarded".
     */
    private DropReason checkChecksum(Datagram datagram) {
        if (udp.checksum() == 0) {
            return datagram.family() == IpFamily.IPV4 ? null : DropReason.UDP_ZERO_CHECKSUM_IPV6;
        }
        int pseudoHeaderSum = datagram.pseudoHeaderSum(IpProtocol.UDP, udp.udpLength());
        return udp.verifyChecksum(pseudoHeaderSum) ? null : DropReason.UDP_BAD_CHECKSUM;
    }
}
