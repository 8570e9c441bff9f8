package io.tunstack.it.hostile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.NetworkNamespace;
import io.tunstack.it.support.Prerequisites;
import io.tunstack.it.support.TunstackProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real ping with IP options and fragmenting sizes, against one tunstack in a namespace this class creates.
 *
 * <p>For reference, Linux answering {@code ping -c1 -R} over a veth shows four Record Route entries: the sender's
 * address (out), the responder's twice (in, and out again with the reply) and the sender's (in); the sender's
 * kernel adds the first and the last. So the responder's address appears only if the responder recorded it, and
 * {@code ping -T tsonly} shows more than two timestamps only if the responder added one.
 */
class PingOptionsIT {

    private static final String RESPONDER = Ipv4Addresses.text(Ipv4Addresses.RESPONDER);

    private static NetworkNamespace namespace;
    private static TunstackProcess tunstack;

    @BeforeAll
    static void startTunstack() throws Exception {
        Prerequisites.requireNetworkNamespaces();
        namespace = NetworkNamespace.create("pingopt");
        tunstack = TunstackProcess.startReady(namespace);
    }

    @AfterAll
    static void stopTunstack() {
        try {
            if (tunstack != null) {
                tunstack.close();
            }
        } finally {
            if (namespace != null) {
                namespace.close();
            }
        }
    }

    private static String ping(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("ping", "-n", "-W", "5"));
        command.addAll(List.of(options));
        command.add(RESPONDER);
        return namespace.run(Duration.ofSeconds(60), command.toArray(String[]::new)).output();
    }

    private static void assertAllAnswered(int count, String output) {
        assertTrue(output.contains(count + " packets transmitted, " + count + " received"),
            "every request answered:\n" + output);
        assertFalse(output.contains("wrong data byte"), "the reply's data is the request's:\n" + output);
        assertFalse(output.contains("DUP!"), "one reply per request:\n" + output);
    }

    /** The lines of ping's option block that starts with {@code label} ("RR:" or "TS:"), up to the blank line. */
    private static List<String> optionBlock(String output, String label) {
        List<String> block = new ArrayList<>();
        boolean inside = false;
        for (String line : output.split("\n")) {
            if (line.startsWith(label)) {
                inside = true;
                line = line.substring(label.length());
            } else if (inside && line.isBlank()) {
                break;
            }
            if (inside) {
                block.add(line.strip());
            }
        }
        return block;
    }

    @Test
    void recordRouteShowsTheResponder() throws Exception {
        // RFC 1122 3.2.2.6: "If a Record Route and/or Time Stamp option is received in an ICMP Echo Request, this
        // option (these options) SHOULD be updated to include the current host and included in the IP header of
        // the Echo Reply message, without "truncation"."
        String output = ping("-c", "1", "-R");
        assertAllAnswered(1, output);
        List<String> route = optionBlock(output, "RR:");
        assertTrue(route.contains(RESPONDER), "Record Route includes " + RESPONDER + ":\n" + output);
    }

    @Test
    void timestampOnlyGetsTheResponderStimestamp() throws Exception {
        // RFC 791, Internet Timestamp: "The Timestamp is a right-justified, 32-bit timestamp in milliseconds since
        // midnight UT." and RFC 1122 3.2.2.6 (above): the option is updated and carried in the reply.
        String output = ping("-c", "1", "-T", "tsonly");
        assertAllAnswered(1, output);
        long stamps = optionBlock(output, "TS:").stream().filter(l -> l.matches("-?\\d+( absolute)?")).count();
        assertTrue(stamps > 2, "more than the sender's two timestamps, so the responder added one:\n" + output);
    }

    @Test
    void fourThousandBytesAreReassembledAndTheReplyFragmented() throws Exception {
        // RFC 1122 3.3.2: "The IP layer MUST implement reassembly of IP datagrams." The reply, larger than the
        // 1500-byte MTU, is fragmented like any datagram a host sends.
        assertAllAnswered(2, ping("-c", "2", "-i", "0.3", "-s", "4000"));
    }

    @Test
    void theLargestEchoIsAnswered() throws Exception {
        // 65507 bytes of data + 8 (ICMP) + 20 (IP) = 65535, RFC 791's largest datagram: "The total length field
        // allows the length of a datagram to be up to 65,535 octets."
        assertAllAnswered(2, ping("-c", "2", "-i", "0.3", "-s", "65507"));
    }
}
