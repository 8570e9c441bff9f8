package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.NetworkNamespace;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.Prerequisites;
import io.tunstack.it.support.Processes;
import io.tunstack.it.support.RunningProcess;
import io.tunstack.it.support.TunstackProcess;
import java.nio.file.Files;
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
 * Waiting for tunstack without reading its log: {@code sd_notify} to {@code NOTIFY_SOCKET} (a path or an abstract
 * name, received by a python3 listener as systemd would), {@code --ready-file}, and {@code /ready} on the metrics
 * listener. Each says ready only once pings are answered.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReadinessIT {

    private static final String ANSWERED = "172.21.22.26";
    private static final Duration WAIT = TunstackProcess.START_TIMEOUT;

    /** Binds the address in argv[1] (a leading @ for an abstract name), says "bound", prints each datagram. */
    private static final String LISTENER = "import socket, sys\n"
            + "a = sys.argv[1]\n"
            + "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
            + "s.bind('\\0' + a[1:] if a.startswith('@') else a)\n"
            + "print('bound', flush=True)\n"
            + "while True:\n"
            + "    print(repr(s.recv(4096).decode()), flush=True)\n";

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("ready")
            .requiring(() -> Prerequisites.requireCommands("python3", "curl"))
            .configuring(NetworkNamespace::disableIpv6);

    @TempDir
    Path dir;

    @Test
    void sdNotifyToAPath() throws InterruptedException {
        assertNotified(dir.resolve("notify").toString());
    }

    /** An abstract name belongs to the network namespace: tunstack and the listener share one. */
    @Test
    void sdNotifyToAnAbstractName() throws InterruptedException {
        assertNotified("@tunstack-it-notify-" + ProcessHandle.current().pid());
    }

    /**
     * tunstack connects to the notification socket before it enters the namespace of {@code --netns}: the abstract
     * name it was given is the one of the namespace it was started in, where the service manager listens.
     */
    @Test
    void sdNotifyToAnAbstractNameReachesItFromAnotherNamespace() throws InterruptedException {
        String inner = "tunstack-it-notify-" + ProcessHandle.current().pid();
        try {
            assertNotified("@tunstack-it-notify-netns-" + ProcessHandle.current().pid(), "--netns", inner);
        } finally {
            if (Files.exists(Path.of("/run/netns", inner))) {
                Processes.run(Duration.ofSeconds(30), "ip", "netns", "del", inner);
            }
        }
    }

    /** Runs tunstack with {@code args} under {@code NOTIFY_SOCKET=address}, and a listener there. */
    private static void assertNotified(String address, String... args) throws InterruptedException {
        try (RunningProcess listener = RunningProcess.start(fixture.namespace().exec(
                List.of("python3", "-u", "-c", LISTENER, address)))) {
            listener.awaitLine(0, "bound"::equals, WAIT);
            List<String> command = new ArrayList<>(List.of("env", "NOTIFY_SOCKET=" + address));
            List<String> tunstackArgs = new ArrayList<>(List.of("-q"));
            tunstackArgs.addAll(List.of(args));
            command.addAll(TunstackProcess.javaCommand(tunstackArgs));
            try (TunstackProcess tunstack = TunstackProcess.awaitReady(
                    RunningProcess.start(fixture.namespace().exec(command)))) {
                String ready = listener.awaitLine(0, line -> line.contains("READY=1"), WAIT);
                if (args.length == 0) {
                    Ping.run(fixture.namespace(), "-c", "1", "-W", "2", ANSWERED).assertAllAnsweredIntact(1);
                }

                int exitCode = tunstack.stop("TERM");

                listener.awaitLine(0, line -> line.contains("STOPPING=1"), WAIT);
                assertAll(
                        () -> assertEquals(0, exitCode, tunstack.output()),
                        () -> assertTrue(ready.contains("MAINPID=" + tunstack.process().pid()), ready),
                        () -> assertFalse(tunstack.output().contains("WARN"), tunstack.output()));
            }
        }
    }

    /** The file appears after the ready line, whole (tunstack's PID), and is gone after the stop. */
    @Test
    void readyFileComesWithTheReadyLineAndGoesAtExit() throws Exception {
        Path file = dir.resolve("tunstack.ready");
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace(), "-q", "--ready-file",
                file.toString())) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!Files.exists(file) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(tunstack.process().pid() + "\n", Files.readString(file));
            Ping.run(fixture.namespace(), "-c", "1", "-W", "2", ANSWERED).assertAllAnsweredIntact(1);

            assertEquals(0, tunstack.stop("TERM"), tunstack.output());

            assertFalse(Files.exists(file), "removed at exit");
            try (var left = Files.list(dir)) {
                assertEquals(0, left.count(), "no temporary file left either");
            }
        }
    }

    @Test
    void readyOnTheMetricsListenerWhileAnswering() throws InterruptedException {
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace(), "-q", "--metrics",
                "9465")) {
            CommandResult ready = fixture.namespace().runOrFail("curl", "-s", "-w", " %{http_code}",
                    "http://127.0.0.1:9465/ready");

            assertEquals("ready\n 200", ready.output(), ready.describe());
            assertEquals(0, tunstack.stop("TERM"), tunstack.output());
        }
    }
}
