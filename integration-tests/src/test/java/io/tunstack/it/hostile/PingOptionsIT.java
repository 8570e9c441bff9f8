package io.tunstack.it.hostile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("pingopt").withTunstack();

    /** {@code ping -n -W 5 OPTIONS} to the responder. */
    private static PingResult ping(String... options) {
        List<String> args = new ArrayList<>(List.of("-n", "-W", "5"));
        args.addAll(List.of(options));
        args.add(RESPONDER);
        return Ping.run(fixture.namespace(), args.toArray(String[]::new));
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
    void recordRouteShowsTheResponder() {
        // RFC 1122 3.2.2.6: "If a Record Route and/or Time Stamp option is received in an ICMP Echo Request, this
        // option (these options) SHOULD be updated to include the current host and included in the IP header of
        // the Echo Reply message, without "truncation"."
        PingResult ping = ping("-c", "1", "-R");
        ping.assertAllAnsweredIntact(1);
        List<String> route = optionBlock(ping.output(), "RR:");
        assertTrue(route.contains(RESPONDER), "Record Route includes " + RESPONDER + ":\n" + ping.output());
    }

    @Test
    void timestampOnlyGetsTheResponderStimestamp() {
        // RFC 791, Internet Timestamp: "The Timestamp is a right-justified, 32-bit timestamp in milliseconds since
        // midnight UT." and RFC 1122 3.2.2.6 (above): the option is updated and carried in the reply.
        PingResult ping = ping("-c", "1", "-T", "tsonly");
        ping.assertAllAnsweredIntact(1);
        long stamps = optionBlock(ping.output(), "TS:").stream().filter(l -> l.matches("-?\\d+( absolute)?")).count();
        assertTrue(stamps > 2, "more than the sender's two timestamps, so the responder added one:\n" + ping.output());
    }

    @Test
    void fourThousandBytesAreReassembledAndTheReplyFragmented() {
        // RFC 1122 3.3.2: "The IP layer MUST implement reassembly of IP datagrams." The reply, larger than the
        // 1500-byte MTU, is fragmented like any datagram a host sends.
        ping("-c", "2", "-i", "0.3", "-s", "4000").assertAllAnsweredIntact(2);
    }

    @Test
    void theLargestEchoIsAnswered() {
        // 65507 bytes of data + 8 (ICMP) + 20 (IP) = 65535, RFC 791's largest datagram: "The total length field
        // allows the length of a datagram to be up to 65,535 octets."
        ping("-c", "2", "-i", "0.3", "-s", "65507").assertAllAnsweredIntact(2);
    }
}
