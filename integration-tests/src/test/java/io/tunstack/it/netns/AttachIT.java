package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.NetworkNamespace;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.TunstackProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --no-configure}: tunstack attaches to a device made and configured with {@code ip}, uses its MTU, and leaves
 * it in place when it stops (the device is persistent).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AttachIT {

    private static final String DEVICE = "tun7";

    @RegisterExtension
    static final NamespaceFixture fixture =
            NamespaceFixture.named("attach").configuring(AttachIT::createConfiguredDevice);

    /** A persistent tun device with an address and MTU 1400, made with {@code ip} as an administrator would. */
    private static void createConfiguredDevice(NetworkNamespace namespace) {
        namespace.runOrFail("ip", "tuntap", "add", "dev", DEVICE, "mode", "tun");
        namespace.runOrFail("ip", "addr", "add", "10.9.0.1/24", "dev", DEVICE);
        namespace.runOrFail("ip", "link", "set", DEVICE, "mtu", "1400", "up");
    }

    @Test
    void answersOnAnExistingDeviceWithItsMtuAndLeavesItInPlace() throws InterruptedException {
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace(),
                "--no-configure", "--device", DEVICE, "--address", "10.9.0.1/24")) {
            assertTrue(tunstack.output().contains("mtu 1400"), tunstack.output());

            PingResult ping = Ping.run(fixture.namespace(), "-c", "2", "-i", "0.2", "-W", "2", "10.9.0.77");

            assertEquals(2, ping.received(), ping.output());
            assertEquals(0, tunstack.stop("TERM"), tunstack.output());
        }
        assertTrue(fixture.namespace().hasDevice(DEVICE), "a persistent device stays after tunstack stops");
    }

    @Test
    void withoutAddressItTakesTheDevicesOwn() throws InterruptedException {
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace(),
                "--no-configure", "--device", DEVICE)) {
            assertTrue(tunstack.output().contains("(10.9.0.1/24, mtu 1400"), tunstack.output());

            PingResult ping = Ping.run(fixture.namespace(), "-c", "2", "-i", "0.2", "-W", "2", "10.9.0.78");

            assertEquals(2, ping.received(), ping.output());
            assertEquals(0, tunstack.stop("TERM"), tunstack.output());
        }
    }

    @Test
    void anAddressTheDeviceDoesNotHoldIsRefused() {
        CommandResult result = fixture.namespace().run(Duration.ofSeconds(60), TunstackProcess.javaCommand(
                List.of("--no-configure", "--device", DEVICE, "--address", "10.9.0.2/24")).toArray(String[]::new));

        assertEquals(1, result.exitCode(), result.describe());
        assertEquals(1, result.output().lines().count(), result.describe());
        assertTrue(result.output().contains("device tun7 does not have --address 10.9.0.2/24 (it has: 10.9.0.1/24)"),
                result.describe());
    }
}
