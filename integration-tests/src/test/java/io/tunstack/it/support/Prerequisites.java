package io.tunstack.it.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What an integration test needs from the machine, checked in one place with one policy: outside CI a missing
 * prerequisite skips the test with a message that says why; with {@code CI=true} it fails the test, because a CI
 * run that skips its real tests proves nothing.
 *
 * <p>Each {@code requireX()} is one line over {@link #require(boolean, String)}; add new ones the same way (for
 * example {@code requireDocker()}).
 *
 * <p>Call them from a test or {@code @BeforeEach}, or let {@link NamespaceFixture} call them: a class skipped from
 * {@code @BeforeAll} is reported by Maven as "Tests run: 0, Skipped: 0", which hides that anything was skipped.
 */
public final class Prerequisites {

    private Prerequisites() {
    }

    /** Whether this run is a CI run (environment variable {@code CI=true}), where skipping is a failure. */
    public static boolean isCi() {
        return "true".equals(System.getenv("CI"));
    }

    /**
     * The one decision point: returns if {@code satisfied}; otherwise fails under CI and skips outside it.
     *
     * @param missing what is missing and how to get it, e.g. "not root: network namespaces need root"
     */
    public static void require(boolean satisfied, String missing) {
        if (satisfied) {
            return;
        }
        if (isCi()) {
            fail("missing prerequisite (CI=true, so this is a failure, not a skip): " + missing);
        }
        String message = "skipped: " + missing + " (with CI=true this would fail)";
        // Maven's test report shows a class skipped in @BeforeAll as "Tests run: 0" without the reason: say it here.
        System.err.println("[tunstack integration tests] " + message);
        assumeTrue(false, message);
    }

    /** Everything a test in a network namespace needs: root, {@code /dev/net/tun}, {@code ip} and {@code ping}. */
    public static void requireNetworkNamespaces() {
        requireRoot();
        requireTunDevice();
        requireCommands("ip", "ping");
    }

    /** The process runs as root (uid 0): creating namespaces and TUN devices needs it. */
    public static void requireRoot() {
        require(isRoot(), "not running as root (uid " + uid() + "): network namespaces and TUN devices need root");
    }

    /** {@code /dev/net/tun} exists. */
    public static void requireTunDevice() {
        require(Files.exists(Path.of("/dev/net/tun")), "/dev/net/tun is missing (load the module: modprobe tun)");
    }

    /** Every command is on the {@code PATH} (or in /sbin, /usr/sbin). */
    public static void requireCommands(String... commands) {
        for (String command : commands) {
            require(isOnPath(command), "command '" + command + "' not found on the PATH");
        }
    }

    private static boolean isRoot() {
        return uid() == 0;
    }

    /** The real uid, from {@code /proc/self/status} ("Uid:\treal\teffective\t..."); -1 if unknown. */
    private static long uid() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(line -> line.startsWith("Uid:"))
                    .map(line -> Long.parseLong(line.split("\\s+")[1]))
                    .findFirst()
                    .orElse(-1L);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean isOnPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/sbin:/usr/sbin";
        return Stream.of(path.split(File.pathSeparator))
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, command))
                .anyMatch(Files::isExecutable);
    }
}
