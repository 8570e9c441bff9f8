package io.tunstack.it.hostile;

import java.util.List;

/**
 * The packets that came back from one injection, whoever answered (tunstack through {@link Injector}, or Linux
 * through {@link KernelReference}), with the two questions the assertions ask of them.
 */
interface ReturnedPackets {

    /** Every packet that came back, in order. */
    List<ReturnedPacket> returned();

    /** The echo replies among the returned packets. */
    default List<ReturnedPacket> echoReplies() {
        return returned().stream().filter(ReturnedPacket::isEchoReply).toList();
    }

    /** The returned packets of one ICMP type. */
    default List<ReturnedPacket> icmp(int type) {
        return returned().stream().filter(p -> p.isIcmp() && p.icmpType() == type).toList();
    }
}
