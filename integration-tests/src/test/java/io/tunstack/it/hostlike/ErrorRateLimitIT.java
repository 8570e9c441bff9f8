package io.tunstack.it.hostlike;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.MetricsScrape;
import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.Prerequisites;
import io.tunstack.it.support.TunstackProcess;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A burst of 200 UDP datagrams from one source to a closed port gets a limited number of Port Unreachables, as from
 * Linux: each peer earns one ICMP error per interval after a burst of 6 ({@code icmp_ratelimit} 1000 ms and
 * {@code XRLIM_BURST_FACTOR}; for IPv6 the interval is scaled by the peer's prefix, 250 ms for a peer in the /64, as
 * {@code icmpv6_xrlim_allow}). Counted twice, independently: by a raw ICMP socket on the client's side, and by
 * tunstack's metrics, where every datagram is a {@code udp-port-closed} drop and every error not sent is counted as
 * rate-limited. No timing is asserted: the bound allows what the interval adds during the burst and one second more.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ErrorRateLimitIT {

    private static final int PROBES = 200;
    private static final int PEER_BURST = 6;
    private static final int METRICS_PORT = 9466;

    /**
     * Sends the probes from one UDP socket as fast as it can, then counts for 2 s the Port Unreachables about them that
     * a raw ICMP socket (opened first) receives; prints "sent N in S s, errors E".
     */
    private static final String BURST = """
        import socket, struct, sys, time
        v6, address, count, port = sys.argv[1] == '6', sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        family = socket.AF_INET6 if v6 else socket.AF_INET
        raw = socket.socket(family, socket.SOCK_RAW, socket.IPPROTO_ICMPV6 if v6 else socket.IPPROTO_ICMP)
        udp = socket.socket(family, socket.SOCK_DGRAM)
        start = time.monotonic()
        for i in range(count):
            udp.sendto(b'probe %d' % i, (address, port))
        elapsed = time.monotonic() - start
        raw.settimeout(0.2)
        errors = 0
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            try:
                data = raw.recv(4096)
            except socket.timeout:
                continue
            icmp = data if v6 else data[(data[0] & 15) * 4:]   # raw IPv4 sockets see the IP header, IPv6 ones do not
            quoted = icmp[8:]
            offset = 40 if v6 else (quoted[0] & 15) * 4
            if (icmp[0], icmp[1]) == ((1, 4) if v6 else (3, 3)) and len(quoted) >= offset + 4 \\
                    and struct.unpack('!H', quoted[offset + 2:offset + 4])[0] == port:
                errors += 1
        print('sent %d in %.3f s, errors %d' % (count, elapsed, errors))
        """;

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("error-rate")
        .requiring(() -> Prerequisites.requireCommands("python3", "curl"));

    /** One error per this many seconds per peer after the burst: Linux's 1000 ms, IPv6 scaled to 250 ms for a /64. */
    private static double peerRate(Family family) {
        return family == Family.IPV4 ? 1.0 : 4.0;
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void aBurstOf200ProbesGetsTheBurstOf6AndWhatTheIntervalAdds(Family family) throws Exception {
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace(), "--quiet", "--metrics",
            Integer.toString(METRICS_PORT))) {
            CommandResult burst = fixture.namespace().run(Duration.ofSeconds(60), "python3", "-c", BURST,
                family == Family.IPV6 ? "6" : "4", family.answered, Integer.toString(PROBES), "33434");
            assertTrue(burst.succeeded(), burst.describe());
            Matcher m = Pattern.compile("sent (\\d+) in ([0-9.]+) s, errors (\\d+)").matcher(burst.output());
            assertTrue(m.find(), burst.describe());
            double seconds = Double.parseDouble(m.group(2));
            int received = Integer.parseInt(m.group(3));
            long allowed = PEER_BURST + (long) Math.ceil(peerRate(family) * (seconds + 1));

            String sent = "tunstack_packets_sent_total{protocol=\"" + family.icmpProtocol + "\",answer=\""
                + family.portUnreachable + "\"}";
            String limited = "tunstack_icmp_errors_rate_limited_total{protocol=\"" + family.icmpProtocol
                + "\",error=\"" + family.portUnreachable + "\"}";
            String metrics = MetricsScrape.until(fixture.namespace(), MetricsScrape.url(METRICS_PORT),
                text -> MetricsScrape.sampleOrZero(text, "tunstack_drops_total{reason=\"udp-port-closed\"}") == PROBES);
            long errorsSent = MetricsScrape.sample(metrics, sent);
            String context = burst.output() + "allowed at most " + allowed + "\n" + metrics;
            assertAll(
                () -> assertTrue(received >= PEER_BURST, "the burst is answered\n" + context),
                () -> assertTrue(received <= allowed, "the rest is limited\n" + context),
                () -> assertEquals(PROBES, MetricsScrape.sample(metrics,
                    "tunstack_drops_total{reason=\"udp-port-closed\"}"), context),
                () -> assertEquals(received, errorsSent, "every error tunstack sent arrived, and only those\n"
                    + context),
                () -> assertEquals(PROBES - errorsSent, MetricsScrape.sample(metrics, limited),
                    "every error not sent is counted as rate-limited\n" + context));
            assertEquals(0, tunstack.stop("TERM"), tunstack.output());
        }
    }
}
