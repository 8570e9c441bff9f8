package io.tunstack.it.hostlike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.Prerequisites;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * tunstack without {@code --open}: every port is closed, as on a host with no listener. traceroute reaches it at hop 1
 * whichever probe it sends (a UDP Port Unreachable, an ICMP echo reply, a TCP reset), nmap reports closed ports, and
 * {@code nc -z} is refused at once instead of waiting for its timeout.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClosedPortsIT {

    /** Generous for a client that gets an answer at once; a client that waits for a timeout exceeds it. */
    private static final Duration AT_ONCE = Duration.ofSeconds(1);

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("closed-ports")
        .requiring(() -> Prerequisites.requireCommands("traceroute", "nmap", "nc"))
        .withTunstack("--quiet");

    static Stream<Arguments> tracerouteProbes() {
        return Stream.of(Family.values()).flatMap(family -> Stream.of(
            Arguments.of(family, "-U"), Arguments.of(family, "-I"), Arguments.of(family, "-T")));
    }

    /**
     * {@code traceroute -n -q 1 MODE ADDRESS}: -U sends UDP to port 53, -I ICMP echo requests, -T TCP SYNs to port 80.
     * The answered address is on tun0's link, so the first hop is the host itself, and traceroute stops there once
     * the probe's answer (Port Unreachable, echo reply, reset) says the destination is reached.
     */
    @ParameterizedTest(name = "traceroute {0} {1}")
    @MethodSource("tracerouteProbes")
    void tracerouteReachesTheHostAtHopOne(Family family, String mode) {
        CommandResult result = fixture.namespace().run(Duration.ofSeconds(60), "traceroute", family.flag, "-n",
            mode, "-q", "1", "-w", "2", family.answered);
        assertTrue(result.succeeded(), result.describe());
        List<String> hops = result.output().lines().filter(line -> line.matches("^\\s*\\d+\\s.*")).toList();
        assertEquals(1, hops.size(), () -> "one hop only: " + result.describe());
        assertTrue(Pattern.compile("^ 1  " + Pattern.quote(family.answered) + "  \\d+\\.\\d+ ms").matcher(hops.get(0))
            .find(), () -> "hop 1 is the host: " + result.describe());
        // traceroute marks an answer other than the one its probe expects: !P protocol unreachable, !X prohibited...
        assertTrue(!hops.get(0).contains("!"), () -> "the answer a host gives, with no annotation: "
            + result.describe());
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void nmapSynScanSaysClosedForEveryPort(Family family) {
        assertEquals(Map.of("22/tcp", "closed", "80/tcp", "closed"),
            Nmap.scan(fixture.namespace(), family, "-sS", "22,80"));
    }

    /** A Port Unreachable is nmap's "closed" for UDP (without it, "open|filtered"). */
    @ParameterizedTest
    @EnumSource(Family.class)
    void nmapUdpScanSaysClosed(Family family) {
        assertEquals(Map.of("53/udp", "closed"), Nmap.scan(fixture.namespace(), family, "-sU", "53"));
    }

    /** The reset refuses the connection at once: nc exits with 1 well before its 5-second timeout. */
    @ParameterizedTest
    @EnumSource(Family.class)
    void ncIsRefusedAtOnce(Family family) {
        long start = System.nanoTime();
        CommandResult result = fixture.namespace().run(Duration.ofSeconds(30), "nc", family.flag, "-z", "-v", "-w",
            "5", family.answered, "22");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(1, result.exitCode(), result.describe());
        assertTrue(result.output().contains("refused"), result.describe());
        assertTrue(took.compareTo(AT_ONCE) < 0, () -> "refused after " + took + ": " + result.describe());
    }
}
