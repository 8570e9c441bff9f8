package io.tunstack.it.container;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Container.ExecResult;

/**
 * The image runs least-privilege: started with the hardened line of docs/CONTAINERS.md ({@code --cap-drop ALL
 * --cap-add NET_ADMIN --cap-add SETUID --cap-add SETGID --security-opt no-new-privileges --read-only}), tunstack sets
 * the device up as root and answers as the user {@code tunstack}, with no capability left, its native code loaded
 * from the read-only image; without SETUID and SETGID it refuses to start, naming them; started as the user
 * {@code tunstack} with NET_ADMIN alone, it takes CAP_NET_ADMIN from the Java launcher's file capability and drops it
 * before it answers.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // the first build of the image installs a JRE
class LeastPrivilegeInContainerIT {

    @BeforeEach
    void requireDocker() { // per test, so that each skip is counted and says why
        ContainerPrerequisites.requireDocker();
    }

    @Test
    void theHardenedLineAnswersFourOfFourAsAUserWithoutCapabilities() throws Exception {
        try (TunstackContainer tunstack = TunstackContainer.hardened().waitingFor(
                new ReadyLineWait(TunstackOutput.READY).withStartupTimeout(Duration.ofSeconds(60)))) {
            tunstack.start();

            Observed observed = Observed.of(tunstack);
            ExecResult write = tunstack.execInContainer("touch", "/opt/tunstack/written");

            List<String> lines = observed.lines();
            assertAll(observed.answersAsAUserWithoutCapabilities(tunstack),
                    () -> assertTrue(lines.contains("CapEff: 0000000000000000"), observed.shown()),
                    () -> assertTrue(lines.contains("CapPrm: 0000000000000000"), observed.shown()),
                    () -> assertTrue(lines.contains("NoNewPrivs: 1"), observed.shown()),
                    () -> assertTrue(lines.contains("Groups:"), "no supplementary group:\n" + observed.shown()),
                    () -> assertNotEquals(0, write.getExitCode(), "the root file system is read-only"));
        }
    }

    @Test
    void withNetAdminAloneItAnswersAsTheUserItStartedAs(@TempDir Path dir) throws Exception {
        // A TUN node open to every user, as most distributions have it (this machine's is 0600), made in a private
        // directory (0700: no other user of the host reaches it) and never the host's own /dev/net/tun.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path node = dir.resolve("tun");
        Process mknod = new ProcessBuilder("mknod", "-m", "0666", node.toString(), "c", "10", "200")
                .redirectErrorStream(true).start();
        assertEquals(0, mknod.waitFor(), new String(mknod.getInputStream().readAllBytes()));
        try (TunstackContainer tunstack = TunstackContainer.asUserWithNetAdminOnly(node).waitingFor(
                new ReadyLineWait(TunstackOutput.READY).withStartupTimeout(Duration.ofSeconds(60)))) {
            tunstack.start();

            Observed observed = Observed.of(tunstack);

            // PID 1's first thread was started before the drop: it keeps CAP_NET_ADMIN permitted, never effective.
            List<String> lines = observed.lines();
            assertAll(observed.answersAsAUserWithoutCapabilities(tunstack),
                    () -> assertTrue(lines.contains("CapEff: 0000000000000000"), observed.shown()));
        } finally {
            Files.deleteIfExists(node);
        }
    }

    /**
     * A ping from inside the container, and the status lines of PID 1 (java itself, the entrypoint's exec form) and
     * of the thread that reads packets ("worker ...").
     */
    private record Observed(ExecResult ping, List<String> lines, String shown) {

        static Observed of(TunstackContainer tunstack) throws Exception {
            ExecResult ping = tunstack.execInContainer("ping", "-c", "4", "172.21.22.26");
            ExecResult status = tunstack.execInContainer("sh", "-c", "grep -E '^(Uid|Gid|Groups|CapEff|CapPrm"
                    + "|NoNewPrivs):' /proc/1/status; for task in /proc/1/task/*; do"
                    + " if grep -q '^tunstack-queue' $task/comm; then"
                    + " grep -E '^(Uid|CapEff|CapPrm|NoNewPrivs):' $task/status | sed 's/^/worker /'; fi; done");
            List<String> lines = status.getStdout().lines().map(line -> line.replaceAll("\\s+", " ").trim())
                    .toList();
            return new Observed(ping, lines, status.getStdout() + status.getStderr() + "\ntunstack:\n"
                    + tunstack.getLogs());
        }

        /** 4/4 answered, by a user that is not root, whose packet thread holds no capability and no_new_privs. */
        org.junit.jupiter.api.function.Executable answersAsAUserWithoutCapabilities(TunstackContainer tunstack) {
            String output = ping.getStdout();
            return () -> assertAll(
                    () -> assertEquals(0, ping.getExitCode(), () -> "ping failed:\n" + output + ping.getStderr()
                            + "\ntunstack:\n" + tunstack.getLogs()),
                    () -> assertTrue(output.contains("4 packets transmitted, 4 received, 0% packet loss"), output),
                    () -> assertNotEquals("0", field(lines, "Uid:"), shown),
                    () -> assertEquals(field(lines, "Uid:"), field(lines, "worker Uid:"), shown),
                    () -> assertTrue(lines.contains("worker CapEff: 0000000000000000"), shown),
                    () -> assertTrue(lines.contains("worker CapPrm: 0000000000000000"), shown),
                    () -> assertTrue(lines.contains("worker NoNewPrivs: 1"), shown),
                    () -> assertTrue(tunstack.getLogs().contains("running as tunstack (uid "), tunstack.getLogs()));
        }
    }

    @Test
    void withoutSetuidAndSetgidItRefusesToStartNamingThem() {
        try (TunstackContainer tunstack = TunstackContainer.hardened(false)
                .withStartupCheckStrategy(new RunsToCompletion().withTimeout(Duration.ofSeconds(60)))) {
            tunstack.start();

            List<String> log = tunstack.logLines();
            String shown = String.join("\n", log);
            assertAll(
                    () -> assertEquals(1, tunstack.exitCode(), shown),
                    () -> assertEquals(1, log.size(), shown),
                    () -> assertTrue(log.get(0).contains(TunstackOutput.MISSING_SETUID), shown));
        }
    }

    /** The first value of the status line that starts with {@code name} ({@code Uid: 999 999 999 999} gives 999). */
    private static String field(List<String> lines, String name) {
        return lines.stream().filter(line -> line.startsWith(name + " ")).findFirst()
                .map(line -> line.substring(name.length() + 1).split(" ")[0])
                .orElseThrow(() -> new AssertionError("no " + name + " in " + lines));
    }
}
