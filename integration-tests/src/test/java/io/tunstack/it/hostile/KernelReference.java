package io.tunstack.it.hostile;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What the Linux kernel answers to packets, through tools/inject/kernel_reference.py: the kernel holds tunstack's
 * responder address on a TUN device in a namespace of its own, and the packets arrive as if from the peer. The
 * reference: where the RFCs leave a choice, tunstack does what Linux does.
 */
final class KernelReference {

    private KernelReference() {
    }

    /** The packets the kernel sends back to one case's packets, and the packets the device refused. */
    record Answer(List<ReturnedPacket> returned, List<String> errors) implements ReturnedPackets {
    }

    /** Runs every case through one kernel with IPv4 only, in order, and returns the kernel's answer to each. */
    static List<Answer> answers(List<List<byte[]>> cases) throws IOException {
        return answers(cases, false);
    }

    /**
     * Runs every case through one kernel, in order, and returns the kernel's answer to each; with {@code ipv6} the
     * kernel also holds fd00:172:21:22::26/64, and its own link chatter is left out of the answers.
     */
    static List<Answer> answers(List<List<byte[]>> cases, boolean ipv6) throws IOException {
        Path input = Files.createTempFile("kernel-reference-", ".hex");
        try {
            HexFormat hex = HexFormat.of();
            List<String> lines = new ArrayList<>();
            for (List<byte[]> packets : cases) {
                lines.add("case");
                packets.forEach(packet -> lines.add(hex.formatHex(packet)));
            }
            Files.write(input, lines);
            List<String> command = new ArrayList<>(List.of("python3",
                Injector.script("kernel_reference.py").toString(), input.toString()));
            if (ipv6) {
                command.add("--ipv6");
            }
            CommandResult result = Processes.run(Duration.ofSeconds(120), command);
            if (!result.succeeded()) {
                throw new AssertionError(result.describe());
            }
            return parse(result.output(), cases.size());
        } finally {
            Files.deleteIfExists(input);
        }
    }

    /** The kernel's own router solicitations and MLD reports, which it sends on its own, not in answer. */
    private static boolean isLinkChatter(ReturnedPacket packet) {
        return packet.isIpv6() && (packet.isIcmpv6() && packet.icmpType() == Icmpv6Builder.TYPE_ROUTER_SOLICITATION
            || packet.sourceText().startsWith("fe80:") && packet.destinationText().startsWith("ff02:"));
    }

    private static List<Answer> parse(String output, int expectedCases) {
        List<Answer> answers = new ArrayList<>();
        List<ReturnedPacket> returned = null;
        List<String> errors = null;
        for (String line : output.split("\n")) {
            if (line.startsWith("case ")) {
                returned = new ArrayList<>();
                errors = new ArrayList<>();
                answers.add(new Answer(returned, errors));
            } else if (line.startsWith("rx ") && returned != null) {
                ReturnedPacket packet = ReturnedPacket.ofHex(line.substring(3).trim());
                if (!isLinkChatter(packet)) {
                    returned.add(packet);
                }
            } else if (line.startsWith("error ") && errors != null) {
                errors.add(line);
            }
        }
        if (answers.size() != expectedCases) {
            throw new AssertionError("kernel_reference.py answered " + answers.size() + " of " + expectedCases
                + " cases:\n" + output);
        }
        return answers;
    }
}
