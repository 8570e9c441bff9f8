package io.tunstack.stack.ip;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.verdict.Answer;

/**
 * How a network layer puts a whole datagram of its family on the link: as it is when it fits the MTU, else in
 * fragments, counting each packet handed to the transmitter. The {@link DelayLine} sends what it held through it, so
 * that a held answer is fragmented and counted when it leaves, not when it was decided.
 */
@FunctionalInterface
public interface DatagramOutput {

    /**
     * Sends {@code datagram} (one IP datagram at its reader index, borrowed) through {@code tx}, counting it as
     * {@code kind}, or each of its fragments as a fragment.
     */
    void send(ByteBuf datagram, Answer kind, Transmitter tx);
}
