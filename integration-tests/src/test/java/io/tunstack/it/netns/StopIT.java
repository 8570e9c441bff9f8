package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.Prerequisites;
import io.tunstack.it.support.Processes;
import io.tunstack.it.support.RunningProcess;
import io.tunstack.it.support.TunstackProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way tunstack is stopped that is not one polite SIGTERM: two signals at once (as {@code timeout(1)} sends them),
 * SIGHUP, {@code --count} and {@code --duration}; each is an orderly stop with exit status 0, the summary and the
 * whole capture. And a tunstack started with SIGINT ignored says so.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StopIT {

    private static final String ANSWERED = "172.21.22.26";

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("stop")
            .requiring(() -> Prerequisites.requireCommands("tcpdump", "timeout"))
            .configuring(io.tunstack.it.support.NetworkNamespace::disableIpv6);

    @TempDir
    Path dir;

    /** Two pings answered, and the capture holds their 4 packets. */
    private static void assertOrderlyStop(TunstackProcess tunstack, int exitCode, Path capture, int answered) {
        String output = tunstack.output();
        assertAll(
                () -> assertEquals(0, exitCode, output),
                () -> assertEquals(answered, tunstack.summary().answered(), output),
                () -> assertFalse(output.contains("Exception"), output),
                () -> assertFalse(output.contains("LEAK"), output),
                () -> assertEquals(2 * answered, echoPackets(capture), "the capture holds every request and reply"));
    }

    private static long echoPackets(Path capture) {
        return fixture.namespace().runOrFail("tcpdump", "-n", "-r", capture.toString()).output().lines()
                .filter(line -> line.contains("ICMP echo")).count();
    }

    /** Starts a quiet tunstack with {@code args} that captures to {@code capture}, and waits until it is ready. */
    private static TunstackProcess startCapturing(Path capture, String... args) throws InterruptedException {
        List<String> all = new ArrayList<>(List.of("-q", "--pcap", capture.toString()));
        all.addAll(List.of(args));
        return TunstackProcess.startReady(fixture.namespace(), all.toArray(String[]::new));
    }

    private static void pingTwice() {
        PingResult ping = Ping.run(fixture.namespace(), "-c", "2", "-i", "0.2", "-W", "2", ANSWERED);
        ping.assertAllAnsweredIntact(2);
    }

    /**
     * Stop signals one after the other, as fast as {@code kill} sends them. Two of the same kind may merge while the
     * first is pending (the kernel keeps one of each), so the later ones are of other kinds: at least three arrive.
     */
    @Test
    void stopSignalsInARowStopInOrder() throws InterruptedException {
        Path capture = dir.resolve("two.pcapng");
        try (TunstackProcess tunstack = startCapturing(capture)) {
            pingTwice();

            String pid = Long.toString(tunstack.process().pid());
            Processes.runOrFail(Duration.ofSeconds(10), "sh", "-c",
                    "kill -TERM " + pid + " " + pid + " && kill -INT " + pid + " && kill -HUP " + pid);
            int exitCode = tunstack.process().awaitExit(TunstackProcess.STOP_TIMEOUT);

            assertOrderlyStop(tunstack, exitCode, capture, 2);
            // The JVM hands each signal to a thread of its own, so which one is first is not known.
            String output = tunstack.output();
            assertEquals(1, output.lines().filter(line -> line.contains("INFO stopping: SIG")).count(), output);
            assertTrue(output.lines().filter(line -> line.contains(" while stopping: ignored")).count() >= 2, output);
        }
    }

    /**
     * {@code timeout(1)} sends SIGTERM to its child and then to its whole process group (the child again): the real
     * case of two at once. {@code --preserve-status} makes timeout exit with tunstack's status.
     */
    @Test
    void underTimeoutItStopsInOrder() throws InterruptedException {
        Path capture = dir.resolve("timeout.pcapng");
        List<String> command = new ArrayList<>(List.of("timeout", "--preserve-status", "600"));
        command.addAll(TunstackProcess.javaCommand(List.of("-q", "--pcap", capture.toString())));
        try (TunstackProcess tunstack = TunstackProcess.awaitReady(
                RunningProcess.start(fixture.namespace().exec(command)))) {
            pingTwice();

            int exitCode = tunstack.stop("TERM"); // to timeout, which sends it on twice

            assertOrderlyStop(tunstack, exitCode, capture, 2);
        }
    }

    @Test
    void sighupStopsInOrder() throws InterruptedException {
        Path capture = dir.resolve("hup.pcapng");
        try (TunstackProcess tunstack = startCapturing(capture)) {
            pingTwice();

            int exitCode = tunstack.stop("HUP");

            assertOrderlyStop(tunstack, exitCode, capture, 2);
            assertTrue(tunstack.output().contains("INFO stopping: SIGHUP"), tunstack.output());
        }
    }

    @Test
    void countStopsAfterThatManyAnswers() throws InterruptedException {
        Path capture = dir.resolve("count.pcapng");
        try (TunstackProcess tunstack = startCapturing(capture, "--count", "3")) {
            PingResult ping = Ping.run(fixture.namespace(), "-c", "5", "-i", "0.2", "-W", "1", ANSWERED);

            int exitCode = tunstack.process().awaitExit(TunstackProcess.STOP_TIMEOUT);

            assertEquals(3, ping.received(), ping.output());
            assertOrderlyStop(tunstack, exitCode, capture, 3);
            assertTrue(tunstack.output().contains("INFO stopping: --count 3 reached"), tunstack.output());
        }
    }

    /**
     * The answers a host profile holds back are part of what {@code --count} promises: the third answer is still held
     * when the count is reached, and leaves at its time before tunstack ends.
     */
    @Test
    void countSendsTheAnswersStillHeldBeforeItStops() throws InterruptedException {
        Path capture = dir.resolve("count-held.pcapng");
        try (TunstackProcess tunstack = startCapturing(capture, "--count", "3", "--host", ANSWERED + " delay 400ms")) {
            PingResult ping = Ping.run(fixture.namespace(), "-c", "3", "-i", "0.2", "-W", "2", ANSWERED);

            int exitCode = tunstack.process().awaitExit(TunstackProcess.STOP_TIMEOUT);

            assertEquals(3, ping.received(), ping.output());
            assertTrue(java.util.Collections.min(ping.replyTimesMillis()) >= 400, ping.output());
            assertOrderlyStop(tunstack, exitCode, capture, 3);
            assertTrue(tunstack.output().contains("INFO stopping: --count 3 reached"), tunstack.output());
            assertFalse(tunstack.output().contains("discarded"), tunstack.output());
        }
    }

    @Test
    void durationStopsByItself() throws InterruptedException {
        Path capture = dir.resolve("duration.pcapng");
        try (TunstackProcess tunstack = startCapturing(capture, "--duration", "3s")) {
            pingTwice();

            int exitCode = tunstack.process().awaitExit(TunstackProcess.STOP_TIMEOUT);

            assertOrderlyStop(tunstack, exitCode, capture, 2);
            assertTrue(tunstack.output().contains("INFO stopping: --duration 3s passed"), tunstack.output());
        }
    }

    /**
     * A non-interactive shell starts a background job with SIGINT ignored, and the JVM keeps it ignored: tunstack says
     * so once, and SIGTERM still stops it in order.
     */
    @Test
    void anInheritedIgnoredSigintIsSaidOnce() throws InterruptedException {
        String java = String.join(" ", TunstackProcess.javaCommand(List.of("-q")));
        RunningProcess shell = RunningProcess.start(fixture.namespace().exec(
                List.of("sh", "-c", java + " & wait $!")));
        try (TunstackProcess tunstack = TunstackProcess.awaitReady(shell)) {
            long javaPid = shell.descendant("java");

            Processes.runOrFail(Duration.ofSeconds(10), "kill", "-TERM", Long.toString(javaPid));
            int exitCode = shell.awaitExit(TunstackProcess.STOP_TIMEOUT);

            String output = tunstack.output();
            assertAll(
                    () -> assertEquals(0, exitCode, output),
                    () -> assertEquals(1, output.lines().filter(line -> line.contains("WARN SIGINT is ignored"))
                            .count(), output),
                    () -> assertTrue(output.contains("Ctrl-C will not stop tunstack; SIGTERM or SIGHUP does"), output),
                    () -> assertEquals(0, tunstack.summary().deviceErrors(), output));
        }
    }
}
