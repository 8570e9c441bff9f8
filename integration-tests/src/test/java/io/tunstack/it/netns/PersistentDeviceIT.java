package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.NamespaceFixture;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Least privilege with a persistent device: root runs {@code tunstack setup --owner nobody}; nobody then answers on it
 * with {@code --no-configure} and no capability at all; root runs {@code tunstack teardown}. The unprivileged run needs
 * read and write access to /dev/net/tun, which is mode 0600 on these machines: the test gives it in a private mount
 * namespace, a node of its own bind-mounted over /dev/net/tun, never by changing the host's node.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PersistentDeviceIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
    private static final String NOBODY = "65534";

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("persist")
            .requiring(() -> Prerequisites.requireCommands("setpriv", "unshare", "mknod"));

    private static CommandResult tunstack(String... args) {
        return fixture.namespace().run(RUN_TIMEOUT,
                TunstackProcess.javaCommand(List.of(args)).toArray(String[]::new));
    }

    @Test
    void anUnprivilegedUserAnswersOnADeviceSetUpForIt() throws Exception {
        CommandResult setup = tunstack("setup", "--owner", "nobody");
        assertEquals(0, setup.exitCode(), setup.describe());
        assertTrue(fixture.namespace().hasDevice("tun0"), "the device outlives setup");

        Path nodeDirectory = Files.createTempDirectory("tunstack-node");
        Path node = nodeDirectory.resolve("tun");
        try {
            Processes.runOrFail(Duration.ofSeconds(10), "mknod", node.toString(), "c", "10", "200");
            Processes.runOrFail(Duration.ofSeconds(10), "chmod", "666", node.toString());
            List<String> unprivileged = new ArrayList<>(List.of("unshare", "-m", "sh", "-c",
                    "mount --bind " + node + " /dev/net/tun && exec setpriv --reuid=" + NOBODY + " --regid=" + NOBODY
                            + " --clear-groups --inh-caps=-all --bounding-set=-all \"$@\"", "sh"));
            unprivileged.addAll(TunstackProcess.javaCommand(List.of("--device", "tun0", "--no-configure")));
            try (RunningProcess user = RunningProcess.start(fixture.namespace().exec(unprivileged))) {
                user.awaitLine(0, line -> line.contains("tunstack ready"), TunstackProcess.START_TIMEOUT);
                String status = Files.readString(Path.of("/proc", Long.toString(user.pid()), "status"));

                PingResult ping4 = Ping.ipv4(fixture.namespace(), "-c", "3", "-i", "0.2", "-W", "2", "172.21.22.26");
                PingResult ping6 = Ping.ipv6(fixture.namespace(), "-c", "3", "-i", "0.2", "-W", "2",
                        "fd00:172:21:22::26");

                assertAll(
                        () -> assertTrue(status.contains("\nUid:\t65534\t65534\t65534\t65534\n"), status),
                        () -> assertTrue(status.contains("\nCapEff:\t0000000000000000\n"), status),
                        () -> assertEquals(3, ping4.received(), ping4.output()),
                        () -> assertEquals(3, ping6.received(), ping6.output()));
                user.signal("TERM");
                assertEquals(0, user.awaitExit(TunstackProcess.STOP_TIMEOUT), user.describe());
            }
        } finally {
            deleteQuietly(node);
            deleteQuietly(nodeDirectory);
        }

        CommandResult teardown = tunstack("teardown");
        assertEquals(0, teardown.exitCode(), teardown.describe());
        assertFalse(fixture.namespace().hasDevice("tun0"), "teardown removes it");
    }

    @Test
    void teardownOfADeviceThatDoesNotExistSaysSo() {
        CommandResult teardown = tunstack("teardown", "--device", "tunnone");
        assertEquals(1, teardown.exitCode(), teardown.describe());
        assertTrue(teardown.output().contains("there is no device tunnone"), teardown.describe());
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a temporary file; nothing else depends on it
        }
    }
}
