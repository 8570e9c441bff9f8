package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.NetworkNamespace;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.RunningProcess;
import io.tunstack.it.support.TunstackCounters;
import io.tunstack.it.support.TunstackProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults from outside that tunstack survives or reports in one line: frozen by SIGSTOP under a flood and thawed, and
 * a metrics port that another program holds. (The device deleted under it: {@link DeviceRemovedIT}; a second
 * tunstack on the same device: {@link StartupErrorsIT}; a full file system and SIGKILL:
 * {@code io.tunstack.it.observe.CaptureIT}.)
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FaultsIT {

    private static final String ANSWERED = "172.21.22.26";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("faults")
            .configuring(NetworkNamespace::disableIpv6);

    private static long openFds(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        }
    }

    /**
     * SIGSTOP for 5 s in the middle of a flood, then SIGCONT: the kernel drops what overflows the device's queue
     * meanwhile, and tunstack answers again at once, with no leak and counters that add up.
     */
    @Test
    void frozenForFiveSecondsUnderAFloodItAnswersAgain() throws Exception {
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace(), "-q");
                RunningProcess flood = RunningProcess.start(fixture.namespace().exec(
                        List.of("ping", "-f", "-q", "-w", "12", ANSWERED)))) {
            long pid = tunstack.process().pid();
            Thread.sleep(1_000);
            long fdsBefore = openFds(pid);

            tunstack.process().signal("STOP");
            Thread.sleep(5_000);
            tunstack.process().signal("CONT");
            flood.awaitExit(Duration.ofSeconds(30));

            PingResult after = Ping.run(fixture.namespace(), "-c", "5", "-i", "0.2", "-W", "2", ANSWERED);
            long fdsAfter = openFds(pid);
            TunstackCounters counters = tunstack.counters();
            int exitCode = tunstack.stop("TERM");

            String output = tunstack.output();
            assertAll(
                    () -> after.assertAllAnsweredIntact(5),
                    () -> assertTrue(flood.output().contains("received"), flood.output()),
                    () -> assertEquals(fdsBefore, fdsAfter, "open fds"),
                    () -> assertEquals(counters.packetsRead(),
                            counters.answered() + counters.dropped() + counters.held(), output),
                    () -> assertTrue(counters.answered() > 1_000, "the flood was answered: " + counters),
                    () -> assertEquals(0, exitCode, output),
                    () -> assertFalse(output.contains("LEAK"), output),
                    () -> assertFalse(output.contains("Exception"), output));
        }
    }

    /** The metrics port held by another program (here a first tunstack): one line, exit 1, nothing created. */
    @Test
    void aMetricsPortInUseIsOneLineAndExitStatusOne() throws InterruptedException {
        try (TunstackProcess first = TunstackProcess.startReady(fixture.namespace(), "-q", "--device", "tunm1",
                "--metrics", "9464")) {
            List<String> second = TunstackProcess.javaCommand(List.of("-q", "--device", "tunm2", "--metrics", "9464"));

            CommandResult result = fixture.namespace().run(RUN_TIMEOUT, second.toArray(String[]::new));

            List<String> lines = result.output().lines().toList();
            assertAll(
                    () -> assertEquals(1, result.exitCode(), result.describe()),
                    () -> assertEquals(List.of("tunstack: cannot serve metrics on 127.0.0.1:9464: Address already in"
                            + " use"), lines, result.describe()),
                    () -> assertFalse(fixture.namespace().hasDevice("tunm2"), "nothing created"),
                    () -> assertTrue(first.process().isAlive(), "the first keeps running"));
        }
    }
}
