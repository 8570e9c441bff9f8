package io.tunstack.stack.icmpv6;

import io.tunstack.stack.ip.Datagram;
import io.tunstack.stack.ip.ProtocolHandler;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.Checksum;
import io.tunstack.stack.wire.Icmpv6Packet;
import io.tunstack.stack.wire.Icmpv6Type;
import io.tunstack.stack.wire.IpProtocol;

/**
 * ICMPv6 (next header 58) input: checks the message, then decides by type, as Linux's {@code icmpv6_rcv()} does,
 * which messages get an answer. An echo request is answered in place, in the request's buffer; the IPv6 layer then
 * writes the IPv6 header of the reply.
 *
 * <p>Answered: echo request, code 0. Never answered, each counted under its own {@link DropReason}: echo replies,
 * errors, and informational messages tunstack does not speak (neighbour discovery and MLD on a TUN device, unknown
 * types: RFC 4443 2.4 (b), "MUST be silently discarded"). Single-threaded; no allocation per packet.
 */
public final class Icmpv6Handler implements ProtocolHandler {

    /** The first 16-bit word of an echo request (type 128, code 0), as the checksum sees it. */
    private static final int REQUEST_TYPE_AND_CODE = Icmpv6Type.ECHO_REQUEST << 8;
    /** The first 16-bit word of an echo reply (type 129, code 0). */
    private static final int REPLY_TYPE_AND_CODE = Icmpv6Type.ECHO_REPLY << 8;

    private final Icmpv6Packet icmp = new Icmpv6Packet();

    @Override
    public Verdict receive(Datagram datagram) {
        icmp.wrap(datagram.buffer(), datagram.payloadOffset(), datagram.payloadLength());
        DropReason reason = icmp.checkLength();
        if (reason != null) {
            return Verdict.dropped(reason);
        }
        // RFC 4443 2.3: the checksum covers the pseudo-header and the whole message, and is mandatory; a message with a
        // bad one is discarded (RFC 4443 2.4 and Linux icmpv6_rcv(), "ICMPv6 checksum failed").
        int pseudoHeaderSum = Checksum.ipv6PseudoHeaderSum(datagram.sourceHigh(), datagram.sourceLow(),
                datagram.destinationHigh(), datagram.destinationLow(), datagram.payloadLength(), IpProtocol.ICMPV6);
        if (!icmp.verifyChecksum(pseudoHeaderSum)) {
            return Verdict.dropped(DropReason.ICMPV6_BAD_CHECKSUM);
        }
        int type = icmp.type();
        if (type == Icmpv6Type.ECHO_REQUEST) {
            return echoReply(datagram);
        }
        if (type == Icmpv6Type.ECHO_REPLY) {
            // Linux hands echo replies to its ping sockets; tunstack has none.
            return Verdict.dropped(DropReason.ICMPV6_ECHO_REPLY_IGNORED);
        }
        if (Icmpv6Type.isError(type)) {
            // RFC 4443 2.4 (e.1): no error about an error; Linux passes errors to the transport that sent the quoted
            // packet, and tunstack sends no packets of its own.
            return Verdict.dropped(DropReason.ICMPV6_ERROR_IGNORED);
        }
        return Verdict.dropped(DropReason.ICMPV6_UNHANDLED_TYPE);
    }

    /**
     * RFC 4443 4.2: "Every node MUST implement an ICMPv6 Echo responder function that receives Echo Requests and
     * originates corresponding Echo Replies." The identifier, sequence number and data are "from the invoking Echo
     * Request message", byte for byte; only type and checksum change.
     */
    private Verdict echoReply(Datagram datagram) {
        // RFC 4443 defines code 0 only. Linux answers any code; tunstack answers code 0 only, as for ICMPv4, so that
        // nothing undefined is echoed back.
        if (icmp.code() != 0) {
            return Verdict.dropped(DropReason.ICMPV6_ECHO_BAD_CODE);
        }
        icmp.setType(Icmpv6Type.ECHO_REPLY);
        if (datagram.replySourceDiffers()) {
            // A request to a multicast group is answered from a unicast address (RFC 4443 4.2): the pseudo-header
            // changes, so the checksum is summed again.
            icmp.fillChecksum(Checksum.ipv6PseudoHeaderSum(datagram.replySourceHigh(), datagram.replySourceLow(),
                    datagram.sourceHigh(), datagram.sourceLow(), datagram.payloadLength(), IpProtocol.ICMPV6));
        } else {
            // The pseudo-header's sum does not change when source and destination swap; one 16-bit word changed
            // (0x8000 to 0x8100): RFC 1624 eqn. 3, with its one ambiguous result summed in full.
            int checksum = Checksum.update(icmp.checksum(), REQUEST_TYPE_AND_CODE, REPLY_TYPE_AND_CODE);
            if (Checksum.updateCanBeAmbiguous(checksum)) {
                icmp.fillChecksum(Checksum.ipv6PseudoHeaderSum(datagram.destinationHigh(), datagram.destinationLow(),
                        datagram.sourceHigh(), datagram.sourceLow(), datagram.payloadLength(), IpProtocol.ICMPV6));
            } else {
                icmp.setChecksum(checksum);
            }
        }
        return Verdict.answered(Answer.ICMPV6_ECHO_REPLY);
    }
}
