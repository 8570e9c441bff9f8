package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.NetworkNamespace;
import io.tunstack.it.support.Prerequisites;
import io.tunstack.it.support.TunstackProcess;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code ip link del tun0} under a running tunstack: it stops on its own, prints the summary and one error line. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DeviceRemovedIT {

    private static NetworkNamespace namespace;

    @BeforeAll
    static void createNamespace() {
        Prerequisites.requireNetworkNamespaces();
        namespace = NetworkNamespace.create("removed");
    }

    @AfterAll
    static void deleteNamespace() {
        if (namespace != null) {
            namespace.close();
        }
    }

    @Test
    void aDeletedDeviceStopsTunstackWithStatusOne() throws InterruptedException {
        try (TunstackProcess tunstack = TunstackProcess.startReady(namespace)) {
            namespace.runOrFail("ip", "link", "del", "tun0");

            int exitCode = tunstack.process().awaitExit(Duration.ofSeconds(30));

            String output = tunstack.output();
            assertAll(
                    () -> assertEquals(1, exitCode, output),
                    () -> assertTrue(output.contains("tunstack: device tun0 went away"), output),
                    () -> assertEquals(1, tunstack.summary().deviceErrors(), output),
                    () -> assertFalse(output.contains("Exception"), output));
        }
    }
}
