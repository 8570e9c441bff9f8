package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.NetworkNamespace;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.Prerequisites;
import io.tunstack.it.support.TunstackProcess;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --no-configure}: tunstack attaches to a device made and configured with {@code ip}, uses its MTU, and leaves
 * it in place when it stops (the device is persistent).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AttachIT {

    private static final String DEVICE = "tun7";

    private static NetworkNamespace namespace;

    @BeforeAll
    static void createConfiguredDevice() {
        Prerequisites.requireNetworkNamespaces();
        namespace = NetworkNamespace.create("attach");
        namespace.runOrFail("ip", "tuntap", "add", "dev", DEVICE, "mode", "tun");
        namespace.runOrFail("ip", "addr", "add", "10.9.0.1/24", "dev", DEVICE);
        namespace.runOrFail("ip", "link", "set", DEVICE, "mtu", "1400", "up");
    }

    @AfterAll
    static void deleteNamespace() {
        if (namespace != null) {
            namespace.close();
        }
    }

    @Test
    void answersOnAnExistingDeviceWithItsMtuAndLeavesItInPlace() throws InterruptedException {
        try (TunstackProcess tunstack = TunstackProcess.startReady(namespace,
                "--no-configure", "--device", DEVICE, "--address", "10.9.0.1/24")) {
            assertTrue(tunstack.output().contains("mtu 1400"), tunstack.output());

            PingResult ping = Ping.run(namespace, "-c", "2", "-i", "0.2", "-W", "2", "10.9.0.77");

            assertEquals(2, ping.received(), ping.output());
            assertEquals(0, tunstack.stop("TERM"), tunstack.output());
        }
        assertTrue(namespace.hasDevice(DEVICE), "a persistent device stays after tunstack stops");
    }
}
