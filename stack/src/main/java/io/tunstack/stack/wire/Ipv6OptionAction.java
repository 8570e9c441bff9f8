package io.tunstack.stack.wire;

/**
 * What a node does with an option of a Hop-by-Hop or Destination Options header whose type it does not recognize:
 * the two high-order bits of the Option Type, RFC 8200 section 4.2.
 */
public enum Ipv6OptionAction {
    /** 00: "skip over this option and continue processing the header." */
    SKIP("skip"),
    /** 01: "discard the packet." */
    DISCARD("discard"),
    /**
     * 10: "discard the packet and, regardless of whether or not the packet's Destination Address was a multicast
     * address, send an ICMP Parameter Problem, Code 2, message to the packet's Source Address, pointing to the
     * unrecognized Option Type."
     */
    DISCARD_AND_PARAMETER_PROBLEM("discard, Parameter Problem"),
    /**
     * 11: "discard the packet and, only if the packet's Destination Address was not a multicast address, send an
     * ICMP Parameter Problem, Code 2, message to the packet's Source Address, pointing to the unrecognized Option
     * Type."
     */
    DISCARD_AND_PARAMETER_PROBLEM_UNLESS_MULTICAST("discard, Parameter Problem unless to multicast");

    private static final Ipv6OptionAction[] BY_BITS = values();
    /** The action occupies the two highest-order bits of the Option Type. */
    private static final int ACTION_SHIFT = 6;

    private final String text;

    Ipv6OptionAction(String text) {
        this.text = text;
    }

    /** A few words for traces: {@code skip}, {@code discard, Parameter Problem}... */
    public String text() {
        return text;
    }

    /** The action that the two high-order bits of {@code optionType} ask for. */
    public static Ipv6OptionAction of(int optionType) {
        return BY_BITS[(optionType & 0xFF) >>> ACTION_SHIFT];
    }
}
