package io.tunstack.stack.ipv6;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.ip.IpSender;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.wire.Ipv6Packet;

/**
 * IPv6's {@link IpSender}: the 40-byte fixed header, no extension header, traffic class and flow label 0, in front of
 * a message a protocol originates. Single threaded (one view); allocates nothing.
 */
public final class Ipv6Sender implements IpSender {

    private final StackCounters counters;
    private final Ipv6Packet ip = new Ipv6Packet();

    public Ipv6Sender(StackCounters counters) {
        this.counters = counters;
    }

    @Override
    public void send(ByteBuf buffer, int offset, int length, int protocol, long sourceHigh, long sourceLow,
            long destinationHigh, long destinationLow, Answer kind, Transmitter tx) {
        int base = offset - Ipv6Packet.HEADER_LENGTH;
        buffer.setZero(base, Ipv6Packet.HEADER_LENGTH);
        ip.wrap(buffer, base, Ipv6Packet.HEADER_LENGTH + length);
        ip.setFixedHeader(length, protocol, StackConfig.DEFAULT_HOP_LIMIT, sourceHigh, sourceLow, destinationHigh,
                destinationLow);
        buffer.setIndex(base, base + Ipv6Packet.HEADER_LENGTH + length);
        tx.transmit(buffer);
        counters.countSent(kind);
    }
}
