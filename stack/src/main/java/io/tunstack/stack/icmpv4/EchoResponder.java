package io.tunstack.stack.icmpv4;

import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.wire.Checksum;
import io.tunstack.stack.wire.Icmpv4Packet;
import io.tunstack.stack.wire.Icmpv4Type;

/**
 * Turns an echo request into its echo reply in place. RFC 792: "To form an echo reply message, the source and
 * destination addresses are simply reversed, the type code changed to 0, and the checksum recomputed." RFC 1122
 * 3.2.2.6: "The data received in the ICMP Echo Request MUST be entirely included in the resulting Echo Reply";
 * identifier, sequence number and data are left as they are, byte for byte.
 */
final class EchoResponder {

    /** The first 16-bit word of an echo request (type 8, code 0), as the checksum sees it. */
    private static final int REQUEST_TYPE_AND_CODE = Icmpv4Type.ECHO_REQUEST << 8;
    /** The first 16-bit word of an echo reply (type 0, code 0). */
    private static final int REPLY_TYPE_AND_CODE = Icmpv4Type.ECHO_REPLY << 8;

    /**
     * Rewrites {@code icmp}, a checked echo request (its type already read as 8), into an echo reply.
     *
     * @return {@code null} when the reply is built, or {@link DropReason#ICMP_ECHO_BAD_CODE}
     */
    DropReason reply(Icmpv4Packet icmp) {
        // RFC 792 defines only code 0 for echo. Linux replies to any code and copies it; tunstack answers code 0
        // only, so that nothing undefined is echoed back.
        if (icmp.code() != 0) {
            return DropReason.ICMP_ECHO_BAD_CODE;
        }
        icmp.setType(Icmpv4Type.ECHO_REPLY);
        // One 16-bit word changed (0x0800 to 0x0000, both known: the type was 8 and the code is 0): update the checksum
        // incrementally (RFC 1624 eqn. 3) rather than summing the whole message again. Its one ambiguous result
        // (all-zero data) falls back to a full sum.
        int checksum = Checksum.update(icmp.checksum(), REQUEST_TYPE_AND_CODE, REPLY_TYPE_AND_CODE);
        if (Checksum.updateCanBeAmbiguous(checksum)) {
            icmp.fillChecksum();
        } else {
            icmp.setChecksum(checksum);
        }
        return null;
    }
}
