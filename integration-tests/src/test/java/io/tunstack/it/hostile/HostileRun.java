package io.tunstack.it.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.DropCounts;
import io.tunstack.it.support.NetworkNamespace;
import io.tunstack.it.support.TunstackCounters;
import io.tunstack.it.support.TunstackProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One hostile case against a fresh tunstack, for both families: inject the case's packets and a control echo
 * request, stop tunstack, and judge what came back and what the exit summary counts.
 *
 * <p>The control is a valid echo request after the case's packets, and exactly it must be answered. tunstack reads
 * tun0 in order, so the control's reply proves that the hostile packets before it were read and judged, not lost;
 * without it "no reply" would also pass against a dead process.
 */
final class HostileRun {

    /** The echo identifier of every control request. */
    static final int CONTROL_IDENTIFIER = 0xC0DE;
    private static final Duration LISTEN = Duration.ofMillis(800);

    private HostileRun() {
    }

    /** What one fresh tunstack did with the injected packets: what came back, and its exit summary. */
    record Outcome(Injector.Report report, TunstackCounters counters, DropCounts drops) {
    }

    /**
     * Starts tunstack with {@code options}, injects the packets, stops it with SIGTERM and reads its exit summary: a
     * fresh process per case, so that the summary counts that case's packets only.
     */
    static Outcome injectIntoFreshTunstack(NetworkNamespace namespace, List<byte[]> packets, String... options)
        throws Exception {
        try (TunstackProcess tunstack = TunstackProcess.startReady(namespace, options)) {
            Injector.Report report = new Injector(namespace).inject(packets, LISTEN);
            assertEquals(0, tunstack.stop("TERM"), "exit status after SIGTERM:\n" + tunstack.output());
            return new Outcome(report, tunstack.summary(), DropCounts.parse(tunstack.output()));
        }
    }

    /**
     * Injects the case's packets and then {@code control} (an echo request with {@link #CONTROL_IDENTIFIER} from
     * {@code peer}), and asserts: only the control is answered, the case's drops are counted under its label, and
     * the only other packet back is the ICMP error the case expects, sent from {@code responder} (the address the
     * offending packet was sent to, as Linux's icmp_send and icmp6_send choose it) to {@code peer}, and quoting the
     * offending packet.
     */
    static void assertRejected(NetworkNamespace namespace, HostileCase hostile, byte[] control, String peer,
        String responder) throws Exception {
        List<byte[]> packets = new ArrayList<>(hostile.packets());
        packets.add(control);

        Outcome outcome = injectIntoFreshTunstack(namespace, packets);
        Injector.Report report = outcome.report();
        DropCounts drops = outcome.drops();
        String context = hostile.name() + ": " + hostile.rule() + "\nreturned: " + report.returned()
            + "\ndrops: " + drops;

        assertTrue(report.allDelivered(), "every packet must reach tunstack: " + report + "\n" + context);
        List<String> answered = report.echoReplies().stream()
            .map(reply -> Integer.toHexString(reply.echoIdentifier()))
            .toList();
        assertEquals(List.of(Integer.toHexString(CONTROL_IDENTIFIER)), answered,
            "only the control may be answered (echo identifiers)\n" + context);

        List<ReturnedPacket> errors = report.icmpErrors();
        int others = report.returned().size() - 1 - errors.size();
        assertEquals(0, others, "nothing but the control's reply may come back\n" + context);
        if (hostile.error() == null) {
            assertEquals(List.of(), errors, "no ICMP error is expected\n" + context);
        } else {
            assertEquals(1, errors.size(), "one ICMP error, " + hostile.error() + ", is expected\n" + context);
            ReturnedPacket error = errors.get(0);
            assertEquals(hostile.error(), new HostileCase.ExpectedError(error.icmpType(), error.icmpCode(),
                    error.parameterProblemPointer()),
                "the error Linux sends (RFC 792 / RFC 4443 3.4: the pointer \"identifies the octet\" of the "
                    + "offending packet)\n" + context);
            assertTrue(error.icmpChecksumVerifies() && (error.isIpv6() || error.headerChecksumVerifies()),
                "checksums of " + error);
            assertEquals(peer, error.destinationText(), "sent back to the offending packet's source");
            assertEquals(responder, error.sourceText(), "sent from the offending packet's destination");
            assertTrue(quotesOneOf(error, hostile.packets()), "RFC 4443 3.4 / RFC 792: the error carries \"as much "
                + "of invoking packet as possible\" from its start\n" + context);
        }

        assertTrue(drops.of(hostile.dropLabel()) >= hostile.drops(),
            "the summary must count " + hostile.drops() + " drop(s) as " + hostile.dropLabel() + "\n" + context
                + "\n" + outcome.counters());
    }

    /** Whether the error's body, after its 8-byte header, is the start of one of the packets (at least 28 bytes). */
    private static boolean quotesOneOf(ReturnedPacket error, List<byte[]> packets) {
        byte[] message = error.icmpMessage();
        byte[] quoted = Arrays.copyOfRange(message, Icmpv6Builder.HEADER_LENGTH, message.length);
        return quoted.length >= Ipv4Builder.MINIMUM_HEADER_LENGTH + IcmpBuilder.HEADER_LENGTH
            && packets.stream().anyMatch(packet -> packet.length >= quoted.length
                && Arrays.equals(packet, 0, quoted.length, quoted, 0, quoted.length));
    }
}
