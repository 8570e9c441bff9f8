package io.tunstack.stack.icmpv4;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.wire.Icmpv4Packet;
import io.tunstack.stack.wire.Icmpv4Type;
import io.tunstack.stack.ip.Datagram;
import java.time.InstantSource;

/**
 * Turns a timestamp request into its timestamp reply in place, as Linux's {@code icmp_timestamp()} does.
 *
 * <p>RFC 792, Timestamp or Timestamp Reply Message: after identifier and sequence number come three 32-bit
 * timestamps, "milliseconds since midnight UT": Originate (when the sender last touched the message), Receive (when
 * the echoer first touched it) and Transmit (when the echoer last touched it). Linux copies Originate, sets Receive
 * and Transmit to the same current time, and replies with exactly these 20 bytes of ICMP, whatever followed.
 */
final class TimestampResponder {

    /** Offsets of the three timestamps in the message; the message is 8 + 3*4 = 20 bytes. */
    private static final class Field {
        static final int ORIGINATE = Icmpv4Packet.HEADER_LENGTH;
        static final int RECEIVE = ORIGINATE + 4;
        static final int TRANSMIT = RECEIVE + 4;
        static final int END = TRANSMIT + 4;

        private Field() {
        }
    }

    /** A timestamp message is the 8-byte header and three 4-byte timestamps. */
    static final int MESSAGE_LENGTH = Field.END;
    private static final long MILLIS_PER_DAY = 24L * 60 * 60 * 1000;

    private final InstantSource clock;

    TimestampResponder(InstantSource clock) {
        this.clock = clock;
    }

    /**
     * Rewrites {@code icmp}, a checked timestamp request carried by {@code datagram}, into a timestamp reply, and
     * tells the datagram that the answer is the 20-byte reply.
     *
     * @return {@code null} when the reply is built, or {@link DropReason#ICMP_TIMESTAMP_TRUNCATED}
     */
    DropReason reply(Datagram datagram, Icmpv4Packet icmp) {
        // Linux accepts 4 bytes (the Originate timestamp) and extends the reply; tunstack replies in the request's
        // own bytes and so requires all three timestamps, the format RFC 792 defines.
        if (icmp.length() < MESSAGE_LENGTH) {
            return DropReason.ICMP_TIMESTAMP_TRUNCATED;
        }
        int now = (int) Math.floorMod(clock.millis(), MILLIS_PER_DAY);
        ByteBuf buffer = icmp.buffer();
        buffer.setInt(icmp.base() + Field.RECEIVE, now);
        buffer.setInt(icmp.base() + Field.TRANSMIT, now);
        icmp.setType(Icmpv4Type.TIMESTAMP_REPLY);
        icmp.setCode(0);
        icmp.wrap(buffer, icmp.base(), MESSAGE_LENGTH);
        icmp.fillChecksum();
        datagram.setAnswerLength(MESSAGE_LENGTH);
        return null;
    }
}
