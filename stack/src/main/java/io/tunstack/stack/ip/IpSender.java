package io.tunstack.stack.ip;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.verdict.Answer;

/**
 * Sends a message that a protocol originates on its own, not as the in-place answer to a datagram: a TCP segment
 * retransmitted when a timer fires. One implementation per family writes its IP header in front of the message and
 * hands the datagram to the transmitter; nothing is allocated.
 *
 * <p>The datagram carries Don't Fragment, Identification 0 and hop limit 64, as Linux's TCP sends (IP_PMTUDISC_DO);
 * the messages sent this way are small and never fragmented.
 */
public interface IpSender {

    /** The room a caller leaves in front of the message: enough for either family's fixed header. */
    int HEADROOM = 40;

    /**
     * Sends {@code length} bytes of {@code buffer} at absolute index {@code offset} as the payload of a datagram of
     * {@code protocol} from the source to the destination (two longs each; IPv4 in the low 32 bits), and counts it as
     * sent under {@code kind}.
     *
     * <p>Ownership: the buffer is borrowed. The {@link #HEADROOM} bytes before {@code offset} are overwritten with the
     * IP header; its indices are changed.
     */
    void send(ByteBuf buffer, int offset, int length, int protocol, long sourceHigh, long sourceLow,
            long destinationHigh, long destinationLow, Answer kind, Transmitter tx);
}
