package io.tunstack.it.hostile;

import java.util.List;

/**
 * The packets that came back from one injection, whoever answered (tunstack through {@link Injector}, or Linux
 * through {@link KernelReference}), with the questions the assertions ask of them.
 */
interface ReturnedPackets {

    /** Every packet that came back, in order. */
    List<ReturnedPacket> returned();

    /** The echo replies (ICMP or ICMPv6) among the returned packets. */
    default List<ReturnedPacket> echoReplies() {
        return returned().stream().filter(ReturnedPacket::isEchoReply).toList();
    }

    /** The ICMP or ICMPv6 errors among the returned packets. */
    default List<ReturnedPacket> icmpErrors() {
        return returned().stream().filter(ReturnedPacket::isIcmpError).toList();
    }
}
