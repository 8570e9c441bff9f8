package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.TunstackProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code --user nobody}: root sets the device up, then tunstack answers as uid 65534 with no capability left. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class UserOptionIT {

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("user");

    @Test
    void answersAsNobodyWithoutCapabilities() throws Exception {
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace(), "--user", "nobody")) {
            long pid = tunstack.process().pid();
            String process = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
            String worker = Files.readString(tunstack.workerTask().resolve("status"));

            PingResult ping = Ping.ipv4(fixture.namespace(), "-c", "4", "-i", "0.2", "-W", "2", "172.21.22.26");

            assertAll(
                    () -> assertEquals(4, ping.received(), ping.output()),
                    () -> assertTrue(process.contains("\nUid:\t65534\t65534\t65534\t65534\n"), process),
                    () -> assertTrue(process.contains("\nCapEff:\t0000000000000000\n"), process),
                    () -> assertTrue(process.contains("\nCapPrm:\t0000000000000000\n"), process),
                    () -> assertTrue(worker.contains("\nNoNewPrivs:\t1\n"), worker),
                    () -> assertTrue(tunstack.output().contains("running as nobody (uid 65534, gid 65534)"),
                            tunstack.output()));
            assertEquals(0, tunstack.stop("TERM"), tunstack.output());
        }
    }

    @Test
    void startedAsRootWithoutUserItSaysItKeepsRoot() throws Exception {
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace())) {
            assertTrue(tunstack.output().contains("running as root; --user NAME gives root up"), tunstack.output());
            assertEquals(0, tunstack.stop("TERM"), tunstack.output());
        }
    }
}
