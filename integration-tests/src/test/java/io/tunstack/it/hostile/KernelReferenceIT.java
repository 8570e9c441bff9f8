package io.tunstack.it.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.Prerequisites;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cases of {@link HostileInputIT} and {@link Ipv6HostileInputIT}, played against the Linux kernel instead of
 * tunstack: it shows that each crafted packet is what its name says (the kernel rejects the hostile ones, answers
 * the valid ones, sends the ICMP errors the table names, and the reply options the table expects), and it keeps the
 * list of places where tunstack deliberately differs from Linux ({@link HostileCase#linuxAnswers()}) honest.
 */
class KernelReferenceIT {

    /** Per test, not in {@code @BeforeAll}: Maven counts a skip there as "Tests run: 0, Skipped: 0". */
    @BeforeEach
    void prerequisites() {
        Prerequisites.requireRoot();
        Prerequisites.requireTunDevice();
        Prerequisites.requireCommands("ip");
        Injector.requireAvailable();
    }

    @Test
    void linuxRejectsTheHostileCasesAsTheTableSays() throws Exception {
        assertLinuxAgrees(HostileInputIT.cases().toList(),
            Ipv4Builder.echoRequest(HostileRun.CONTROL_IDENTIFIER, 1).build(), false);
    }

    @Test
    void linuxRejectsTheIpv6HostileCasesAsTheTableSays() throws Exception {
        assertLinuxAgrees(Ipv6HostileInputIT.cases().toList(), Ipv6HostileInputIT.control(), true);
    }

    /** Every case, then the control, through one kernel: its echo replies and ICMP errors are the table's. */
    private static void assertLinuxAgrees(List<HostileCase> cases, byte[] control, boolean ipv6) throws Exception {
        String responder = ipv6
            ? Ipv6Addresses.text(Ipv6Addresses.RESPONDER) : Ipv4Addresses.text(Ipv4Addresses.RESPONDER);
        List<List<byte[]>> inputs = new ArrayList<>();
        for (HostileCase hostile : cases) {
            List<byte[]> packets = new ArrayList<>(hostile.packets());
            packets.add(control);
            inputs.add(packets);
        }
        List<KernelReference.Answer> answers = KernelReference.answers(inputs, ipv6);

        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            HostileCase hostile = cases.get(i);
            KernelReference.Answer answer = answers.get(i);
            List<Integer> answered = answer.echoReplies().stream().map(ReturnedPacket::echoIdentifier).toList();
            int expectedReplies = hostile.linuxAnswers() ? 2 : 1;
            if (answered.size() != expectedReplies || !answered.contains(HostileRun.CONTROL_IDENTIFIER)) {
                wrong.add(hostile.name() + ": Linux sent echo replies " + answer.echoReplies()
                    + (hostile.linuxAnswers() ? " (expected it to answer the case too)" : ""));
            }
            List<HostileCase.ExpectedError> errors = answer.icmpErrors().stream()
                .map(error -> new HostileCase.ExpectedError(error.icmpType(), error.icmpCode(),
                    error.parameterProblemPointer()))
                .toList();
            List<HostileCase.ExpectedError> expectedErrors = hostile.error() == null
                ? List.of() : List.of(hostile.error());
            if (!errors.equals(expectedErrors)) {
                wrong.add(hostile.name() + ": Linux's ICMP errors " + errors + ", the table says " + expectedErrors);
            }
            answer.icmpErrors().stream().filter(error -> !error.sourceText().equals(responder))
                .forEach(error -> wrong.add(hostile.name() + ": Linux sent " + error + ", not from " + responder));
        }
        assertEquals(List.of(), wrong, "the table disagrees with the kernel");
    }

    @Test
    void linuxAnswersTheValidCasesWithTheOptionsTheTableExpects() throws Exception {
        List<HostileInputIT.ValidCase> cases = HostileInputIT.validCases().toList();
        List<KernelReference.Answer> answers = KernelReference.answers(
            cases.stream().map(HostileInputIT.ValidCase::packets).toList());
        for (int i = 0; i < cases.size(); i++) {
            HostileInputIT.ValidCase valid = cases.get(i);
            KernelReference.Answer answer = answers.get(i);
            assertEquals(1, answer.returned().size(), valid.name() + ": " + answer.returned());
            ReturnedPacket reply = answer.returned().get(0);
            assertTrue(reply.isEchoReply(), valid.name() + ": " + reply);
            assertEquals(Ipv4Addresses.RESPONDER, reply.source(), valid.name());
            assertEquals(Ipv4Addresses.KERNEL, reply.destination(), valid.name());
            assertEquals(HexFormat.of().formatHex(valid.replyOptions()), HexFormat.of().formatHex(reply.options()),
                valid.name() + ": the reply's IP options");
        }
    }

    @Test
    void linuxAnswersTheValidIpv6CasesAsTheTableExpects() throws Exception {
        List<Ipv6HostileInputIT.ValidCase> cases = Ipv6HostileInputIT.validCases().toList();
        List<KernelReference.Answer> answers = KernelReference.answers(
            cases.stream().map(Ipv6HostileInputIT.ValidCase::packets).toList(), true);
        for (int i = 0; i < cases.size(); i++) {
            Ipv6HostileInputIT.ValidCase valid = cases.get(i);
            KernelReference.Answer answer = answers.get(i);
            assertEquals(1, answer.returned().size(), valid.name() + ": " + answer.returned());
            Ipv6HostileInputIT.assertEchoReplyTo(valid.echo(), valid.trafficClass(), answer.returned().get(0),
                valid.name());
        }
    }

    @Test
    void linuxFragmentsAnIpv6ReplyLargerThanTheMtu() throws Exception {
        List<KernelReference.Answer> answers = KernelReference.answers(
            List.of(Ipv6HostileInputIT.requestLargerThanTheMtu()), true);
        Ipv6HostileInputIT.assertFragmentedEchoReply(Ipv6HostileInputIT.LARGER_THAN_THE_MTU.build(
            Ipv6Addresses.KERNEL, Ipv6Addresses.RESPONDER), answers.get(0).returned(), "Linux");
    }
}
