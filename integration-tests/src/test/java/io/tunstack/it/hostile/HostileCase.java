package io.tunstack.it.hostile;

import java.util.List;

/**
 * One named hostile input: the packets to inject, the rule they break (quoted from its RFC), and what tunstack
 * must do: send no echo reply, count the drop under its reason, and send back the ICMP error Linux sends, if any.
 *
 * @param name what is wrong, as the test report shows it
 * @param rule the RFC line that says the packet must not be answered
 * @param packets the bytes to inject, in order
 * @param dropLabel the {@code DropReason} label whose count must rise by {@code drops}
 * @param drops how many drops the packets must add at least
 * @param error {@code null} when no ICMP error may come back; otherwise exactly this one must, the way Linux sends
 *     it (a Parameter Problem for a malformed IPv4 option or an IPv6 header Linux does not process)
 * @param linuxAnswers whether Linux, unlike tunstack, sends an echo reply (tunstack deliberately differs from Linux there);
 *     {@link KernelReferenceIT} checks every other case against the kernel
 */
record HostileCase(String name, String rule, List<byte[]> packets, String dropLabel, int drops,
                   ExpectedError error, boolean linuxAnswers) {

    /**
     * The ICMP or ICMPv6 error a case must get back: its type, its code and the pointer of a Parameter Problem (0 for
     * types that have none).
     */
    record ExpectedError(int type, int code, int pointer) {

        /** An IPv4 Parameter Problem (RFC 792, type 12 code 0) pointing at {@code pointer}. */
        static ExpectedError ipv4ParameterProblem(int pointer) {
            return new ExpectedError(IcmpBuilder.TYPE_PARAMETER_PROBLEM, 0, pointer);
        }

        /** An ICMPv6 Parameter Problem (RFC 4443 3.4, type 4) with {@code code}, pointing at {@code pointer}. */
        static ExpectedError ipv6ParameterProblem(int code, int pointer) {
            return new ExpectedError(Icmpv6Builder.TYPE_PARAMETER_PROBLEM, code, pointer);
        }

        @Override
        public String toString() {
            return "type " + type + " code " + code + " pointer " + pointer;
        }
    }

    static HostileCase dropped(String name, String rule, String dropLabel, byte[]... packets) {
        return new HostileCase(name, rule, List.of(packets), dropLabel, packets.length, null, false);
    }

    /** The same case, marked as one that Linux answers while tunstack must not. */
    HostileCase butLinuxAnswers() {
        return new HostileCase(name, rule, packets, dropLabel, drops, error, true);
    }

    /** The same case, answered with {@code expected} besides being dropped. */
    HostileCase answeredWith(ExpectedError expected) {
        return new HostileCase(name, rule, packets, dropLabel, drops, expected, linuxAnswers);
    }

    /** A malformed option: a drop counted as {@code ipv4-bad-option}, and a Parameter Problem at {@code pointer}. */
    static HostileCase malformedOption(String name, String rule, int pointer, byte[] packet) {
        return new HostileCase(name, rule, List.of(packet), "ipv4-bad-option", 1,
            ExpectedError.ipv4ParameterProblem(pointer), false);
    }

    @Override
    public String toString() {
        return name;
    }
}
