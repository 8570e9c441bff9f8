package io.tunstack.stack.icmpv4;

import io.tunstack.stack.ip.Datagram;
import io.tunstack.stack.ip.ProtocolHandler;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.Icmpv4Packet;
import io.tunstack.stack.wire.Icmpv4Type;
import java.time.InstantSource;

/**
 * ICMP (protocol 1) input: checks the message, then decides by type, the way Linux's {@code icmp_rcv()} and its
 * {@code icmp_pointers[]} table do, which messages get a reply. A reply is built in place, in the request's buffer;
 * the IPv4 layer then turns the IP header around. A peer of the other protocol handlers in IPv4's protocol table.
 *
 * <p>Answered: echo request (code 0 only) and timestamp request, as Linux answers them. Never answered, each counted
 * under its own {@link DropReason}: echo replies, errors, the queries Linux discards, unknown types. Single-threaded;
 * no allocation per packet.
 */
public final class Icmpv4Handler implements ProtocolHandler {

    private final Icmpv4Packet icmp = new Icmpv4Packet();
    private final EchoResponder echo = new EchoResponder();
    private final TimestampResponder timestamp;

    public Icmpv4Handler(InstantSource clock) {
        this.timestamp = new TimestampResponder(clock);
    }

    /**
     * Handles the ICMP message of {@code datagram} (a valid, whole IPv4 datagram with protocol 1).
     *
     * @return answered with the reply built in place (the IP header still the request's), or dropped with the reason
     */
    @Override
    public Verdict receive(Datagram datagram) {
        icmp.wrap(datagram.buffer(), datagram.payloadOffset(), datagram.payloadLength());
        DropReason reason = icmp.checkLength();
        if (reason != null) {
            return Verdict.dropped(reason);
        }
        // RFC 1122 3.2.2: an ICMP message is processed only if its checksum, over the whole message, is correct.
        if (!icmp.verifyChecksum()) {
            return Verdict.dropped(DropReason.ICMP_BAD_CHECKSUM);
        }
        int type = icmp.type();
        if (datagram.toGroup()) {
            reason = checkBroadcast(type, datagram.groupAnswerAllowed());
            if (reason != null) {
                return Verdict.dropped(reason);
            }
        }
        reason = decide(datagram, type);
        return reason != null ? Verdict.dropped(reason)
                : Verdict.answered(type == Icmpv4Type.ECHO_REQUEST ? Answer.ICMPV4_ECHO_REPLY
                        : Answer.ICMPV4_TIMESTAMP_REPLY);
    }

    /** Linux's table: builds the reply to an echo or timestamp request, or says why a message gets none. */
    private DropReason decide(Datagram datagram, int type) {
        switch (type) {
            case Icmpv4Type.ECHO_REQUEST:
                return echo.reply(icmp);
            case Icmpv4Type.TIMESTAMP_REQUEST:
                return timestamp.reply(datagram, icmp);
            case Icmpv4Type.ECHO_REPLY:
                // Linux: icmp_discard here; its ping sockets take echo replies, and tunstack has none.
                return DropReason.ICMP_ECHO_REPLY_IGNORED;
            case Icmpv4Type.DESTINATION_UNREACHABLE:
            case Icmpv4Type.SOURCE_QUENCH:
            case Icmpv4Type.REDIRECT:
            case Icmpv4Type.TIME_EXCEEDED:
            case Icmpv4Type.PARAMETER_PROBLEM:
                // RFC 1122 3.2.2: "an ICMP error message MUST NOT be sent as the result of receiving ... an ICMP
                // error message". Linux passes errors to the transport that sent the quoted datagram; tunstack sends
                // no datagrams of its own, so there is no one to tell.
                return DropReason.ICMP_ERROR_IGNORED;
            case Icmpv4Type.ROUTER_ADVERTISEMENT:
            case Icmpv4Type.ROUTER_SOLICITATION:
            case Icmpv4Type.TIMESTAMP_REPLY:
            case Icmpv4Type.INFORMATION_REQUEST:
            case Icmpv4Type.INFORMATION_REPLY:
            case Icmpv4Type.ADDRESS_MASK_REQUEST:
            case Icmpv4Type.ADDRESS_MASK_REPLY:
                // Linux: icmp_discard for each of these. It stopped answering address mask requests in 2.6 (RFC 1122
                // 3.2.2.9 makes answering them a MAY, only for an authoritative agent), and information requests
                // are obsolete (RFC 1122 3.2.2.7: a host SHOULD NOT implement them).
                return DropReason.ICMP_QUERY_IGNORED;
            default:
                // Types 1, 2, 6, 7 (unassigned or deprecated) and everything above 18: Linux discards them too.
                return DropReason.ICMP_UNKNOWN_TYPE;
        }
    }

    /**
     * Linux icmp_rcv(), for datagrams to a broadcast or multicast address: "RFC 1122: 3.2.2.6 An ICMP_ECHO to
     * broadcast MAY be silently ignored (we let the user decide with a sysctl). RFC 1122: 3.2.2.8 An ICMP_TIMESTAMP
     * MAY be silently discarded if to broadcast/multicast." Every other type but the (discarded) address mask
     * messages is an error there.
     */
    private DropReason checkBroadcast(int type, boolean answerAllowed) {
        if (type == Icmpv4Type.ECHO_REQUEST || type == Icmpv4Type.TIMESTAMP_REQUEST) {
            return answerAllowed ? null : DropReason.ICMP_BROADCAST_IGNORED;
        }
        return DropReason.ICMP_BROADCAST_TYPE;
    }
}
