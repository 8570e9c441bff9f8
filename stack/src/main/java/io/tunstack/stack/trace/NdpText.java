package io.tunstack.stack.trace;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.address.MacAddress;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.wire.Icmpv6Type;
import io.tunstack.stack.wire.NdpOption;
import io.tunstack.stack.wire.NeighborMessage;

/**
 * Neighbor Solicitations and Advertisements (RFC 4861 4.3, 4.4) in words, as tcpdump names them: the message's own
 * summary ({@link NeighborMessage#summary()}: who has, tgt is, the flags) with its options (4.6.1), for
 * {@code --trace} and {@code --explain}:
 *
 * <pre>
 * ICMP6, neighbor solicitation, who has fd00:172:21:22::26, source link-address 02:00:ac:15:16:c8, length 32
 * ICMP6, neighbor advertisement, tgt is fd00:172:21:22::26, Flags [solicited, override], target link-address 02:56:00:00:00:26, length 32
 * </pre>
 */
final class NdpText {

    private NdpText() {
    }

    /** Whether an ICMPv6 message of {@code type} is one this class explains: NS or NA. */
    static boolean isNeighborMessage(int type) {
        return type == Icmpv6Type.NEIGHBOR_SOLICITATION || type == Icmpv6Type.NEIGHBOR_ADVERTISEMENT;
    }

    /** The summary of the NS or NA of {@code length} bytes at absolute {@code index}, its options before the length. */
    static String summary(ByteBuf buffer, int index, int length) {
        NeighborMessage message = new NeighborMessage().wrap(buffer, index, length);
        String summary = message.summary();
        if (message.checkLength() != null) {
            return summary;
        }
        StringBuilder options = new StringBuilder();
        NdpOption option = new NdpOption();
        for (option.wrap(buffer, message.optionsOffset(), message.end()); option.hasCurrent(); option.next()) {
            DropReason malformed = option.checkLength();
            if (malformed != null) {
                options.append(", option malformed (").append(malformed.label()).append(')');
                break;
            }
            options.append(", ").append(option(option));
        }
        int lengthText = summary.lastIndexOf(", length ");
        return summary.substring(0, lengthText) + options + summary.substring(lengthText);
    }

    /**
     * One option (whole: {@link NdpOption#checkLength()} passed) in words: {@code source link-address
     * 02:00:ac:15:16:c8}, {@code target link-address ...}, or its type and length for any other option.
     */
    static String option(NdpOption option) {
        String name = optionName(option.type());
        boolean linkLayer = option.type() == NdpOption.SOURCE_LINK_LAYER_ADDRESS
                || option.type() == NdpOption.TARGET_LINK_LAYER_ADDRESS;
        if (linkLayer && option.isEthernetAddressLength()) {
            return name + " " + MacAddress.format(option.linkLayerAddress());
        }
        return name + ", length " + option.byteLength();
    }

    /** RFC 4861 4.6: {@code source link-address} (1), {@code target link-address} (2), else {@code option N}. */
    static String optionName(int type) {
        switch (type) {
            case NdpOption.SOURCE_LINK_LAYER_ADDRESS:
                return "source link-address";
            case NdpOption.TARGET_LINK_LAYER_ADDRESS:
                return "target link-address";
            default:
                return "option " + type;
        }
    }
}
