package io.tunstack.stack.ipv4;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.ip.IpSender;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.wire.Ipv4Packet;

/**
 * IPv4's {@link IpSender}: a 20-byte header without options in front of a message a protocol originates. Single
 * threaded (one view); allocates nothing.
 */
public final class Ipv4Sender implements IpSender {

    private final StackCounters counters;
    private final Ipv4Packet ip = new Ipv4Packet();

    public Ipv4Sender(StackCounters counters) {
        this.counters = counters;
    }

    @Override
    public void send(ByteBuf buffer, int offset, int length, int protocol, long sourceHigh, long sourceLow,
            long destinationHigh, long destinationLow, Answer kind, Transmitter tx) {
        int base = offset - Ipv4Packet.MIN_HEADER_LENGTH;
        int totalLength = Ipv4Packet.MIN_HEADER_LENGTH + length;
        buffer.setZero(base, Ipv4Packet.MIN_HEADER_LENGTH);
        ip.wrap(buffer, base, totalLength);
        ip.setVersion(Ipv4Packet.VERSION);
        ip.setIhl(Ipv4Packet.MIN_HEADER_LENGTH / 4);
        ip.setTotalLength(totalLength);
        // Linux's TCP: IP_PMTUDISC_DO, so DF, and Identification 0 for a DF datagram of a socket without a connected
        // peer (ip_select_ident()); RFC 6864 4.1 lets an atomic datagram carry any value.
        ip.setDontFragment(true);
        ip.setTtl(StackConfig.DEFAULT_HOP_LIMIT);
        ip.setProtocol(protocol);
        ip.setSourceAddress((int) sourceLow);
        ip.setDestinationAddress((int) destinationLow);
        ip.fillHeaderChecksum();
        buffer.setIndex(base, base + totalLength);
        tx.transmit(buffer);
        counters.countSent(kind);
    }
}
