package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.TunstackProcess;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ip link del tun0} under a running tunstack: it stops on its own within seconds (no loop on the failing
 * read), prints the summary and one error line, and exits with status 1, without a stack trace.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DeviceRemovedIT {

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("removed");

    @Test
    void aDeletedDeviceStopsTunstackWithStatusOne() throws InterruptedException {
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace())) {
            fixture.namespace().runOrFail("ip", "link", "del", "tun0");

            int exitCode = tunstack.process().awaitExit(Duration.ofSeconds(10));

            String output = tunstack.output();
            assertAll(
                    () -> assertEquals(1, exitCode, output),
                    () -> assertEquals(1, output.lines().filter(line -> line.startsWith("tunstack: ")).count(),
                            output),
                    () -> assertTrue(output.contains("tunstack: device tun0 went away"), output),
                    () -> assertEquals(1, tunstack.summary().deviceErrors(), output),
                    () -> assertFalse(output.contains("Exception"), output));
        }
    }
}
