package io.tunstack.app.observe;

import io.netty.buffer.ByteBuf;
import io.tunstack.device.LinkType;
import io.tunstack.stack.trace.FrameExplainer;
import io.tunstack.stack.trace.FrameFormatter;
import io.tunstack.stack.trace.PacketExplainer;
import io.tunstack.stack.trace.PacketFormatter;
import java.util.function.Function;

/**
 * How {@code --trace} and {@code --explain} read a device's packets: with the formatters of the layer the packets
 * begin with, raw IP on a TUN device, Ethernet (then ARP, or IP with neighbour discovery) on a TAP device.
 */
enum PacketText {

    /** A TUN device: the packet begins with its IP header. */
    RAW_IP(PacketFormatter::summary, PacketExplainer::explain, PacketExplainer::changes),

    /** A TAP device: the frame begins with its Ethernet header. */
    ETHERNET(FrameFormatter::summary, FrameExplainer::explain, FrameExplainer::changes);

    private final Function<ByteBuf, String> summary;
    private final Function<ByteBuf, String> explanation;
    private final Changes changes;

    /** What an answer changed from the packet it answers, field by field. */
    @FunctionalInterface
    private interface Changes {
        String of(ByteBuf request, ByteBuf reply);
    }

    PacketText(Function<ByteBuf, String> summary, Function<ByteBuf, String> explanation, Changes changes) {
        this.summary = summary;
        this.explanation = explanation;
        this.changes = changes;
    }

    /** The text for the packets of a link of {@code type}. */
    static PacketText of(LinkType type) {
        return type == LinkType.ETHERNET ? ETHERNET : RAW_IP;
    }

    /** One line in tcpdump's shape ({@code tcpdump -e} for a frame). */
    String summary(ByteBuf packet) {
        return summary.apply(packet);
    }

    /** The field-by-field dump of every layer. */
    String explain(ByteBuf packet) {
        return explanation.apply(packet);
    }

    /** What {@code reply} changed from {@code request}, and why. */
    String changes(ByteBuf request, ByteBuf reply) {
        return changes.of(request, reply);
    }
}
