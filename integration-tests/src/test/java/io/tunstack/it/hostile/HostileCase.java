package io.tunstack.it.hostile;

import java.util.List;

/**
 * One named hostile input: the packets to inject, the rule they break (quoted from its RFC), and what tunstack
 * must do: send no echo reply, and count the drop.
 *
 * @param name what is wrong, as the test report shows it
 * @param rule the RFC line that says the packet must not be answered
 * @param packets the bytes to inject, in order
 * @param dropLabel the {@code DropReason} label whose count must rise by {@code drops}; {@code null} when the
 *     reason is not pinned down and any drop reason counts
 * @param drops how many drops the packets must add at least
 * @param parameterProblemPointer {@code null} when no ICMP error is acceptable; otherwise a Parameter Problem may
 *     answer instead of a counted drop (the way Linux answers a malformed option), and it must point at this byte
 */
record HostileCase(String name, String rule, List<byte[]> packets, String dropLabel, int drops,
                   Integer parameterProblemPointer) {

    static HostileCase dropped(String name, String rule, String dropLabel, byte[]... packets) {
        return new HostileCase(name, rule, List.of(packets), dropLabel, packets.length, null);
    }

    /** A malformed option: a counted drop, or a Parameter Problem pointing at {@code pointer}. */
    static HostileCase malformedOption(String name, String rule, int pointer, byte[] packet) {
        return new HostileCase(name, rule, List.of(packet), null, 1, pointer);
    }

    @Override
    public String toString() {
        return name;
    }
}
