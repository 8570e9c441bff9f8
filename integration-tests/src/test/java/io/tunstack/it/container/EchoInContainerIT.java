package io.tunstack.it.container;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.Container.ExecResult;

/**
 * tunstack in a container with NET_ADMIN and /dev/net/tun answers pings sent from inside that container (ICMPv6 too
 * when the container has IPv6 on), and prints its summary when {@code docker stop} ends it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // the first build of the image installs a JRE
class EchoInContainerIT {

    /** An address of the default subnet 172.21.22.0/24 that tunstack answers (the kernel answers .23 itself). */
    private static final String ANSWERED = "172.21.22.26";

    /** An address of the default IPv6 prefix fd00:172:21:22::/64 that tunstack answers (the kernel answers ::23). */
    private static final String ANSWERED_IPV6 = "fd00:172:21:22::26";

    /** The largest ICMP payload that fits the default MTU of 1500 unfragmented: 1500 - 20 (IPv4) - 8 (ICMP). */
    private static final int LARGEST_UNFRAGMENTED_PAYLOAD = 1472;

    @BeforeEach
    void requireDocker() { // per test, so that each skip is counted and says why
        ContainerPrerequisites.requireDocker();
    }

    /** A container that, once started, is ready: start() returns after tunstack's ready line, not after a sleep. */
    private static TunstackContainer awaitingReady() {
        return awaitingReady(TunstackContainer.withNetAdmin());
    }

    private static TunstackContainer awaitingReady(TunstackContainer container) {
        return container.waitingFor(
                new ReadyLineWait(TunstackOutput.READY).withStartupTimeout(Duration.ofSeconds(60)));
    }

    @Test
    void fourPingsGetFourReplies() throws Exception {
        try (TunstackContainer tunstack = awaitingReady()) {
            tunstack.start();
            ExecResult ping = tunstack.execInContainer("ping", "-c", "4", ANSWERED);

            String output = ping.getStdout();
            assertAll(
                    () -> assertEquals(0, ping.getExitCode(), () -> "ping failed:\n" + output + ping.getStderr()),
                    () -> assertTrue(output.contains("4 packets transmitted, 4 received, 0% packet loss"), output),
                    () -> assertFalse(output.contains("wrong data byte"), output),
                    () -> assertFalse(output.contains("DUP!"), output));
        }
    }

    @Test
    void fourIpv6PingsGetFourReplies() throws Exception {
        try (TunstackContainer tunstack = awaitingReady(TunstackContainer.withNetAdminAndIpv6())) {
            tunstack.start();
            ExecResult ping = tunstack.execInContainer("ping", "-6", "-c", "4", ANSWERED_IPV6);

            String output = ping.getStdout();
            assertAll(
                    () -> assertEquals(0, ping.getExitCode(), () -> "ping -6 failed:\n" + output + ping.getStderr()
                            + "\ntunstack:\n" + tunstack.getLogs()),
                    () -> assertTrue(output.contains("4 packets transmitted, 4 received, 0% packet loss"), output),
                    () -> assertFalse(output.contains("wrong data byte"), output),
                    () -> assertFalse(output.contains("DUP!"), output));
        }
    }

    @Test
    void largestUnfragmentedPingIsAnswered() throws Exception {
        try (TunstackContainer tunstack = awaitingReady()) {
            tunstack.start();
            ExecResult ping = tunstack.execInContainer(
                    "ping", "-c", "1", "-s", String.valueOf(LARGEST_UNFRAGMENTED_PAYLOAD), ANSWERED);

            String output = ping.getStdout();
            assertAll(
                    () -> assertEquals(0, ping.getExitCode(), () -> "ping failed:\n" + output + ping.getStderr()),
                    () -> assertTrue(output.contains("1 packets transmitted, 1 received"), output),
                    () -> assertTrue(output.contains((LARGEST_UNFRAGMENTED_PAYLOAD + 8) + " bytes from " + ANSWERED),
                            output));
        }
    }

    @Test
    void dockerStopEndsItWithTheSummaryAndExitCodeZero() throws Exception {
        try (TunstackContainer tunstack = awaitingReady()) {
            tunstack.start();
            ExecResult ping = tunstack.execInContainer("ping", "-c", "2", ANSWERED);
            assertEquals(0, ping.getExitCode(), ping::getStdout);

            tunstack.stopGracefully();

            // Exit code 0, not 143 (killed by SIGTERM) nor 137 (SIGKILL after the grace period): tunstack handled it.
            assertEquals(0, tunstack.exitCode(), tunstack::getLogs);
            Matcher summary = tunstack.logLines().stream()
                    .map(TunstackOutput.SUMMARY::matcher)
                    .filter(Matcher::matches)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no summary after docker stop:\n" + tunstack.getLogs()));
            assertEquals("2", summary.group("replies"), "echo replies in the summary, after two answered pings");
        }
    }
}
