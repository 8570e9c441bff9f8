package io.tunstack.it.hostile;

import static io.tunstack.it.hostile.Ipv4Addresses.KERNEL;
import static io.tunstack.it.hostile.Ipv4Addresses.RESPONDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.Prerequisites;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cases of {@link HostileInputIT}, played against the Linux kernel instead of tunstack: it shows that each
 * crafted packet is what its name says (the kernel rejects the hostile ones, answers the valid ones, points its
 * Parameter Problems at the octets the table names, and sends the reply options the table expects), and it keeps
 * the list of places where tunstack deliberately differs from Linux ({@link HostileCase#linuxAnswers()}) honest.
 */
class KernelReferenceIT {

    private static final int CONTROL_IDENTIFIER = 0xC0DE;

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
        List<HostileCase> cases = HostileInputIT.cases().toList();
        List<List<byte[]>> inputs = new ArrayList<>();
        for (HostileCase hostile : cases) {
            List<byte[]> packets = new ArrayList<>(hostile.packets());
            packets.add(Ipv4Builder.echoRequest(CONTROL_IDENTIFIER, 1).build());
            inputs.add(packets);
        }
        List<KernelReference.Answer> answers = KernelReference.answers(inputs);

        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            HostileCase hostile = cases.get(i);
            KernelReference.Answer answer = answers.get(i);
            List<Integer> answered = answer.echoReplies().stream().map(ReturnedPacket::echoIdentifier).toList();
            int expectedReplies = hostile.linuxAnswers() ? 2 : 1;
            if (answered.size() != expectedReplies || !answered.contains(CONTROL_IDENTIFIER)) {
                wrong.add(hostile.name() + ": Linux sent echo replies " + answer.echoReplies()
                    + (hostile.linuxAnswers() ? " (expected it to answer the case too)" : ""));
            }
            List<ReturnedPacket> problems = answer.icmp(IcmpBuilder.TYPE_PARAMETER_PROBLEM);
            List<Integer> pointers = problems.stream().map(ReturnedPacket::parameterProblemPointer).toList();
            List<Integer> expectedPointers = hostile.parameterProblemPointer() == null
                ? List.of() : List.of(hostile.parameterProblemPointer());
            if (!pointers.equals(expectedPointers)) {
                wrong.add(hostile.name() + ": Linux's Parameter Problem pointers " + pointers + ", the table says "
                    + expectedPointers);
            }
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
            assertEquals(RESPONDER, reply.source(), valid.name());
            assertEquals(KERNEL, reply.destination(), valid.name());
            assertEquals(HexFormat.of().formatHex(valid.replyOptions()), HexFormat.of().formatHex(reply.options()),
                valid.name() + ": the reply's IP options");
        }
    }
}
