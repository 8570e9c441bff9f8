package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.Processes;
import io.tunstack.it.support.TunstackProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --netns NAME}: tunstack creates the namespace, answers there, and deletes it at exit; the namespace it was
 * started in gets no device. For safety even if the option failed, the test starts tunstack inside a namespace of its
 * own ("outer"), never in the machine's. {@code ip netns exec} gives tunstack a mount namespace of its own whose mounts
 * do not reach the machine's, so the test pings from the new namespace with {@code nsenter --net} on tunstack's PID
 * rather than with {@code ip netns exec NAME}, which works when tunstack is started directly. It names the namespace
 * of the worker thread: the JVM's first thread, whose namespace {@code /proc/PID/ns/net} shows, never moves.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class NetnsOptionIT {

    private static final String INNER = "tunstack-it-inner-" + ProcessHandle.current().pid();

    @RegisterExtension
    static final NamespaceFixture outer = NamespaceFixture.named("outer");

    @Test
    void createsUsesAndRemovesItsNamespace() throws Exception {
        Path inner = Path.of("/run/netns", INNER);
        assertFalse(Files.exists(inner), "no namespace of that name before");
        try (TunstackProcess tunstack = TunstackProcess.startReady(outer.namespace(), "--netns", INNER)) {
            assertTrue(Files.exists(inner), "ip netns list shows it");
            assertFalse(outer.namespace().hasDevice("tun0"), "the namespace it was started in has no tun0");

            PingResult ping = PingResult.parse(Processes.run(Duration.ofSeconds(30), "nsenter",
                    "--net=" + tunstack.workerTask().resolve("ns/net"), "ping", "-c", "3", "-i", "0.2", "-W", "2",
                    "172.21.22.26"));
            assertEquals(3, ping.received(), ping.output());
            assertTrue(tunstack.output().contains("created network namespace " + INNER), tunstack.output());

            assertEquals(0, tunstack.stop("TERM"), tunstack.output());
        } finally {
            if (Files.exists(inner)) {
                Processes.run(Duration.ofSeconds(30), "ip", "netns", "del", INNER);
            }
        }
        assertFalse(Files.exists(inner), "deleted when tunstack stopped");
    }
}
