package io.tunstack.it.observe;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.NetworkNamespace;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.Prerequisites;
import io.tunstack.it.support.Processes;
import io.tunstack.it.support.RunningProcess;
import io.tunstack.it.support.TunstackProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --pcap} written as it goes: read by {@code tcpdump -r} while tunstack runs, whole up to its last flush after
 * SIGKILL (which leaves no device and no address behind either), on standard output with {@code --pcap -}, and on a
 * file system that fills up: one warning, and answering goes on.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CaptureIT {

    private static final String KERNEL = "172.21.22.23";
    private static final String ANSWERED = "172.21.22.26";
    /** A flush comes at most a second after a packet; the rest is slack for a busy machine. */
    private static final Duration FLUSHED_WITHIN = Duration.ofSeconds(5);

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("capture")
            .requiring(() -> Prerequisites.requireCommands("tcpdump", "unshare", "nsenter", "mount"))
            .configuring(NetworkNamespace::disableIpv6);

    @TempDir
    Path dir;

    /** How often the thread of process {@code pid} named {@code name} has been scheduled: 0 more when it sleeps. */
    private static long contextSwitches(long pid, String name) throws IOException {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                if (Files.readString(task.resolve("comm")).strip().equals(name)) {
                    return Files.readAllLines(task.resolve("status")).stream()
                            .filter(line -> line.contains("ctxt_switches:"))
                            .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1).strip()))
                            .sum();
                }
            }
        }
        throw new AssertionError("no thread " + name + " in process " + pid);
    }

    private static List<String> echoPackets(CommandResult tcpdump) {
        return tcpdump.output().lines().filter(line -> line.contains("ICMP echo")).toList();
    }

    @Test
    void readableWhileRunningAndAfterSigkillWithNothingLeftBehind() throws Exception {
        Path capture = dir.resolve("live.pcapng");
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace(), "-q", "--pcap",
                capture.toString())) {
            Ping.run(fixture.namespace(), "-c", "4", "-i", "0.2", "-W", "2", ANSWERED).assertAllAnsweredIntact(4);

            long deadline = System.nanoTime() + FLUSHED_WITHIN.toNanos();
            List<String> live;
            do {
                Thread.sleep(100);
                live = echoPackets(fixture.namespace().runOrFail("tcpdump", "-n", "-r", capture.toString()));
            } while (live.size() < 8 && System.nanoTime() < deadline);
            assertEquals(8, live.size(), "read while tunstack runs: " + live);
            Thread.sleep(1_500); // the last flush is done: from here on nothing is written
            long before = contextSwitches(tunstack.process().pid(), "tunstack-pcap");
            Thread.sleep(3_000);
            long after = contextSwitches(tunstack.process().pid(), "tunstack-pcap");
            assertEquals(before, after, "an idle capture's flusher never wakes up");

            tunstack.process().signal("KILL");
            int exitCode = tunstack.process().awaitExit(TunstackProcess.STOP_TIMEOUT);

            CommandResult afterKill = fixture.namespace().runOrFail("tcpdump", "-n", "-r", capture.toString());
            String addresses = fixture.namespace().runOrFail("ip", "-o", "address").output();
            assertAll(
                    () -> assertEquals(128 + 9, exitCode),
                    () -> assertEquals(8, echoPackets(afterKill).size(), afterKill.describe()),
                    () -> assertFalse(afterKill.output().contains("truncated"), afterKill.describe()),
                    () -> assertFalse(fixture.namespace().hasDevice("tun0"), "tun0 went with its last fd"),
                    () -> assertFalse(addresses.contains(KERNEL), addresses));
        }
    }

    /**
     * {@code --pcap -}: standard output carries the capture and nothing else (tcpdump reads it whole); the trace, the
     * log and the summary go to stderr.
     */
    @Test
    void dashWritesTheCaptureToStandardOutputAndEverythingElseToStderr() throws Exception {
        Path stdout = dir.resolve("stdout.pcapng");
        RunningProcess process = RunningProcess.startWithStdoutTo(
                fixture.namespace().exec(TunstackProcess.javaCommand(List.of("-q", "--trace", "--pcap", "-"))),
                stdout);
        try (TunstackProcess tunstack = TunstackProcess.awaitReady(process)) {
            Ping.run(fixture.namespace(), "-c", "4", "-i", "0.2", "-W", "2", ANSWERED).assertAllAnsweredIntact(4);

            int exitCode = tunstack.stop("TERM");

            CommandResult tcpdump = fixture.namespace().runOrFail("tcpdump", "-n", "-r", stdout.toString());
            byte[] magic = Arrays.copyOf(Files.readAllBytes(stdout), 4);
            String stderr = tunstack.output();
            assertAll(
                    () -> assertEquals(0, exitCode, stderr),
                    () -> assertArrayEquals(new byte[] {0x0a, 0x0d, 0x0d, 0x0a}, magic,
                            "stdout begins with the pcapng Section Header Block"),
                    () -> assertEquals(8, echoPackets(tcpdump).size(), tcpdump.describe()),
                    () -> assertFalse(tcpdump.output().contains("truncated"), tcpdump.describe()),
                    () -> assertTrue(stderr.contains("In  IP " + KERNEL + " > " + ANSWERED + ": ICMP echo request"),
                            "the trace on stderr: " + stderr),
                    () -> assertEquals(4, tunstack.summary().answered(), "the summary on stderr: " + stderr));
        }
    }

    /**
     * {@code --pcap - | head -c 1000}: the reader goes away after 1000 bytes; the next flush meets a broken pipe, the
     * capture stops with one warning, and answering goes on.
     */
    @Test
    void aReaderThatGoesAwayStopsTheCaptureWithOneWarningAndAnsweringGoesOn() throws Exception {
        String java = String.join(" ", TunstackProcess.javaCommand(List.of("-q", "--pcap", "-")));
        RunningProcess shell = RunningProcess.start(fixture.namespace().exec(
                List.of("sh", "-c", java + " | head -c 1000 > /dev/null")));
        try (TunstackProcess tunstack = TunstackProcess.awaitReady(shell)) {
            Ping.run(fixture.namespace(), "-c", "20", "-i", "0.05", "-q", ANSWERED).assertAllAnsweredIntact(20);
            // The pipe's buffer takes that first flush whole; head reads its 1000 bytes and exits meanwhile, and the
            // flush of the next packets meets the broken pipe.
            Thread.sleep(1_500);
            PingResult after = Ping.run(fixture.namespace(), "-c", "3", "-i", "0.2", "-W", "2", ANSWERED);
            shell.awaitLine(0, line -> line.contains("WARN capture to standard output stopped"), FLUSHED_WITHIN);
            long javaPid = shell.descendant("java");

            Processes.runOrFail(Duration.ofSeconds(10), "kill", "-TERM", Long.toString(javaPid));
            int exitCode = shell.awaitExit(TunstackProcess.STOP_TIMEOUT);

            String output = tunstack.output();
            assertAll(
                    () -> after.assertAllAnsweredIntact(3),
                    () -> assertEquals(1, output.lines().filter(line -> line.contains("capture to")).count(), output),
                    () -> assertTrue(output.contains("Broken pipe"), output),
                    () -> assertEquals(0, exitCode, output),
                    () -> assertEquals(23, tunstack.summary().answered(), output));
        }
    }

    /**
     * A 16 KiB tmpfs, mounted in a mount namespace of tunstack's own, fills up under 300 pings: one warning, every
     * ping answered before and after, and the capture readable (cut back to its last whole block).
     */
    @Test
    void aFullFileSystemStopsTheCaptureWithOneWarningAndAnsweringGoesOn() throws Exception {
        Path mountPoint = Files.createDirectory(dir.resolve("small"));
        Path capture = mountPoint.resolve("full.pcapng");
        String java = String.join(" ", TunstackProcess.javaCommand(List.of("-q", "--pcap", capture.toString())));
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs -o size=16k tmpfs " + mountPoint + " && exec " + java));
        try (TunstackProcess tunstack = TunstackProcess.awaitReady(
                RunningProcess.start(fixture.namespace().exec(command)))) {
            PingResult flood = Ping.run(fixture.namespace(), "-c", "300", "-i", "0.005", "-q", ANSWERED);
            tunstack.process().awaitLine(0, line -> line.contains("WARN capture to " + capture + " stopped"),
                    FLUSHED_WITHIN);
            PingResult after = Ping.run(fixture.namespace(), "-c", "3", "-i", "0.2", "-W", "2", ANSWERED);
            CommandResult inside = Processes.run(Duration.ofSeconds(30), "nsenter", "--target",
                    Long.toString(tunstack.process().pid()), "--mount", "tcpdump", "-n", "-r", capture.toString());

            int exitCode = tunstack.stop("TERM");

            String output = tunstack.output();
            assertAll(
                    () -> assertEquals(300, flood.received(), flood.output()),
                    () -> after.assertAllAnsweredIntact(3),
                    () -> assertEquals(1, output.lines().filter(line -> line.contains("capture to")).count(), output),
                    () -> assertTrue(output.contains("No space left on device"), output),
                    () -> assertEquals(0, inside.exitCode(), inside.describe()),
                    () -> assertTrue(echoPackets(inside).size() > 50, "what fitted is readable: " + inside.describe()),
                    () -> assertFalse(inside.output().contains("truncated"), inside.describe()),
                    () -> assertEquals(0, exitCode, output),
                    () -> assertEquals(303, tunstack.summary().answered(), output));
        }
    }
}
