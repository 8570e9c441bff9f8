package io.tunstack.it.hostile;

import java.util.List;

/**
 * One named hostile input: the packets to inject, the rule they break (quoted from its RFC), and what tunstack
 * must do: send no echo reply, and count the drop under its reason.
 *
 * @param name what is wrong, as the test report shows it
 * @param rule the RFC line that says the packet must not be answered
 * @param packets the bytes to inject, in order
 * @param dropLabel the {@code DropReason} label whose count must rise by {@code drops}
 * @param drops how many drops the packets must add at least
 * @param parameterProblemPointer {@code null} when no ICMP error may come back; otherwise exactly one Parameter
 *     Problem must (the way Linux answers a malformed option), pointing at this octet of the offending datagram
 * @param linuxAnswers whether Linux, unlike tunstack, sends an echo reply (issue 4 decides against Linux there);
 *     {@link KernelReferenceIT} checks every other case against the kernel
 */
record HostileCase(String name, String rule, List<byte[]> packets, String dropLabel, int drops,
                   Integer parameterProblemPointer, boolean linuxAnswers) {

    static HostileCase dropped(String name, String rule, String dropLabel, byte[]... packets) {
        return new HostileCase(name, rule, List.of(packets), dropLabel, packets.length, null, false);
    }

    /** The same case, marked as one that Linux answers while tunstack must not. */
    HostileCase butLinuxAnswers() {
        return new HostileCase(name, rule, packets, dropLabel, drops, parameterProblemPointer, true);
    }

    /** A malformed option: a drop counted as {@code ipv4-bad-option}, and a Parameter Problem at {@code pointer}. */
    static HostileCase malformedOption(String name, String rule, int pointer, byte[] packet) {
        return new HostileCase(name, rule, List.of(packet), "ipv4-bad-option", 1, pointer, false);
    }

    @Override
    public String toString() {
        return name;
    }
}
