package io.tunstack.stack.ip;

import io.netty.buffer.ByteBuf;

/**
 * Where the stack hands the packets it sends: one IP packet per call, without any link-layer header.
 *
 * <p>Ownership: the packet is <em>borrowed</em> for the duration of the call. The transmitter writes (or copies) its
 * readable bytes before returning and must neither release it nor keep a reference to it. The stack stays the owner.
 */
@FunctionalInterface
public interface Transmitter {

    /** Sends the readable bytes of {@code packet}, a complete IP packet. */
    void transmit(ByteBuf packet);
}
