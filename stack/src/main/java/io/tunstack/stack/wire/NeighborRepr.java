package io.tunstack.stack.wire;

import io.tunstack.stack.address.Ipv6Address;
import io.tunstack.stack.address.MacAddress;
import io.tunstack.stack.verdict.DropReason;

/**
 * A Neighbor Solicitation or Advertisement with its link-layer address option, as a value (smoltcp's
 * {@code NdiscRepr}): for tests and traces, where readability beats speed. Neighbor discovery itself stays on
 * {@link NeighborMessage} and {@link NdpOption}.
 *
 * @param type {@link Icmpv6Type#NEIGHBOR_SOLICITATION} or {@link Icmpv6Type#NEIGHBOR_ADVERTISEMENT}
 * @param router R (advertisement)
 * @param solicited S (advertisement)
 * @param override O (advertisement)
 * @param targetHigh the upper 64 bits of Target Address
 * @param targetLow the lower 64 bits of Target Address
 * @param linkLayerAddress the Source (solicitation) or Target (advertisement) Link-Layer Address, 48 bits, or
 *     {@link NdpOption#NOT_FOUND} for none
 */
public record NeighborRepr(int type, boolean router, boolean solicited, boolean override, long targetHigh,
        long targetLow, long linkLayerAddress) {

    /** A solicitation for the target, with the Source Link-Layer Address option unless it is {@code NOT_FOUND}. */
    public static NeighborRepr solicitation(long targetHigh, long targetLow, long sourceLinkLayerAddress) {
        return new NeighborRepr(Icmpv6Type.NEIGHBOR_SOLICITATION, false, false, false, targetHigh, targetLow,
                sourceLinkLayerAddress);
    }

    /** An advertisement, with the Target Link-Layer Address option unless it is {@code NOT_FOUND}. */
    public static NeighborRepr advertisement(boolean router, boolean solicited, boolean override, long targetHigh,
            long targetLow, long targetLinkLayerAddress) {
        return new NeighborRepr(Icmpv6Type.NEIGHBOR_ADVERTISEMENT, router, solicited, override, targetHigh, targetLow,
                targetLinkLayerAddress);
    }

    /** Whether the message carries its link-layer address option. */
    public boolean hasLinkLayerAddress() {
        return linkLayerAddress != NdpOption.NOT_FOUND;
    }

    /** The length of the emitted message: 24 bytes, and 8 for the link-layer address option. */
    public int bufferLength() {
        return NeighborMessage.LENGTH + (hasLinkLayerAddress() ? NdpOption.ETHERNET_ADDRESS_OPTION_LENGTH : 0);
    }

    /**
     * Writes this message into {@code message} (wrapped over {@link #bufferLength()} bytes): every field, Code 0,
     * Reserved 0, the option, and the checksum over the pseudo-header whose partial sum is {@code pseudoHeaderSum}.
     */
    public void emit(NeighborMessage message, int pseudoHeaderSum) {
        message.setType(type);
        message.setCode(0);
        message.setFlags(router, solicited, override);
        message.setTarget(targetHigh, targetLow);
        if (hasLinkLayerAddress()) {
            NdpOption.writeEthernetAddress(message.buffer(), message.optionsOffset(), optionType(type),
                    linkLayerAddress);
        }
        message.fillChecksum(pseudoHeaderSum);
    }

    /**
     * Parses a solicitation or advertisement whose options are valid (the checksum is the caller's: it needs the IPv6
     * header).
     *
     * @throws IllegalArgumentException saying what is wrong otherwise (Reprs are for tests and traces, not the packet
     *     path, which counts drops instead)
     */
    public static NeighborRepr parse(NeighborMessage message) {
        DropReason length = message.checkLength();
        if (length != null) {
            throw new IllegalArgumentException("not a neighbor solicitation or advertisement: "
                    + length.description());
        }
        int type = message.type();
        if (type != Icmpv6Type.NEIGHBOR_SOLICITATION && type != Icmpv6Type.NEIGHBOR_ADVERTISEMENT) {
            throw new IllegalArgumentException("ICMPv6 type " + type + " (expected: 135 or 136)");
        }
        if (message.code() != 0) {
            throw new IllegalArgumentException("ICMPv6 code " + message.code() + " (expected: 0)");
        }
        NdpOption option = new NdpOption().wrap(message.buffer(), message.optionsOffset(), message.end());
        DropReason options = option.walkForLinkLayerAddress(optionType(type));
        if (options != null) {
            throw new IllegalArgumentException("options: " + options.description());
        }
        boolean advertisement = type == Icmpv6Type.NEIGHBOR_ADVERTISEMENT;
        return new NeighborRepr(type, advertisement && message.router(), advertisement && message.solicited(),
                advertisement && message.override(), message.targetHigh(), message.targetLow(),
                option.foundLinkLayerAddress());
    }

    /** The link-layer option a message of {@code type} carries: Source in a solicitation, Target in an advertisement. */
    private static int optionType(int type) {
        return type == Icmpv6Type.NEIGHBOR_SOLICITATION ? NdpOption.SOURCE_LINK_LAYER_ADDRESS
                : NdpOption.TARGET_LINK_LAYER_ADDRESS;
    }

    /**
     * {@code solicitation who-has fd00:172:21:22::26 from 02:56:00:00:00:23} or
     * {@code advertisement solicited override fd00:172:21:22::26 is-at 02:56:00:00:00:26}.
     */
    @Override
    public String toString() {
        String target = Ipv6Address.format(targetHigh, targetLow);
        if (type == Icmpv6Type.NEIGHBOR_SOLICITATION) {
            return "solicitation who-has " + target
                    + (hasLinkLayerAddress() ? " from " + MacAddress.format(linkLayerAddress) : "");
        }
        return "advertisement" + (router ? " router" : "") + (solicited ? " solicited" : "")
                + (override ? " override" : "") + " " + target
                + (hasLinkLayerAddress() ? " is-at " + MacAddress.format(linkLayerAddress) : "");
    }
}
