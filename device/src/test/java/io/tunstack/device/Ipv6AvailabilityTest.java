package io.tunstack.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files {@link Ipv6Availability} reads, as a fake {@code /proc} tree laid out like the kernel's, one setting
 * changed per test; then the real kernel's files in a namespace of the test's own, to check the fake tree's layout.
 */
class Ipv6AvailabilityTest {

    private static final String DEVICE = "tun0";

    @TempDir
    Path root;

    /** A kernel with IPv6, enabled everywhere, and the devices lo and tun0. */
    @BeforeEach
    void kernelWithIpv6() throws IOException {
        write("proc/net/if_inet6", "00000000000000000000000000000001 01 80 10 80       lo\n");
        for (String conf : new String[] {"all", "default", "lo", DEVICE}) {
            write("proc/sys/net/ipv6/conf/" + conf + "/disable_ipv6", "0\n");
            write("proc/sys/net/ipv4/conf/" + conf + "/forwarding", "0\n");
        }
    }

    @Test
    void availableWhenNothingDisablesIt() throws IOException {
        Ipv6Availability availability = Ipv6Availability.of(root, DEVICE);

        assertSame(Ipv6Availability.AVAILABLE, availability);
        assertTrue(availability.isAvailable());
    }

    @Test
    void aKernelWithoutIpv6HasNoIfInet6() throws IOException {
        Files.delete(root.resolve("proc/net/if_inet6"));

        Ipv6Availability availability = Ipv6Availability.of(root, DEVICE);

        assertSame(Ipv6Availability.NOT_IN_KERNEL, availability);
        assertFalse(availability.isAvailable());
        assertEquals("the kernel has no IPv6 (built without it, or booted with ipv6.disable=1)",
                availability.description());
    }

    @Test
    void allDisablesTheNamespace() throws IOException {
        write("proc/sys/net/ipv6/conf/all/disable_ipv6", "1\n");

        assertSame(Ipv6Availability.DISABLED_IN_NAMESPACE, Ipv6Availability.of(root, DEVICE));
    }

    @Test
    void theDevicesOwnSettingDisablesTheDevice() throws IOException {
        write("proc/sys/net/ipv6/conf/" + DEVICE + "/disable_ipv6", "1\n");

        assertSame(Ipv6Availability.DISABLED_ON_DEVICE, Ipv6Availability.of(root, DEVICE));
        assertSame(Ipv6Availability.AVAILABLE, Ipv6Availability.of(root, "lo"), "only that device");
    }

    @Test
    void anyValueOtherThanZeroDisables() throws IOException {
        write("proc/sys/net/ipv6/conf/" + DEVICE + "/disable_ipv6", "2\n");

        assertSame(Ipv6Availability.DISABLED_ON_DEVICE, Ipv6Availability.of(root, DEVICE));
    }

    @Test
    void aDeviceNotYetCreatedIsJudgedByDefault() throws IOException {
        assertSame(Ipv6Availability.AVAILABLE, Ipv6Availability.of(root, "tun7"));
        assertSame(Ipv6Availability.AVAILABLE, Ipv6Availability.of(root, ""), "a name the kernel chooses");

        write("proc/sys/net/ipv6/conf/default/disable_ipv6", "1\n");

        assertSame(Ipv6Availability.DISABLED_ON_DEVICE, Ipv6Availability.of(root, "tun7"));
        assertSame(Ipv6Availability.DISABLED_ON_DEVICE, Ipv6Availability.of(root, ""));
        assertSame(Ipv6Availability.AVAILABLE, Ipv6Availability.of(root, DEVICE), "an existing device has its own");
    }

    @Test
    void anExistingDeviceWithoutIpv6StateHasAnMtuBelow1280() throws IOException {
        delete("proc/sys/net/ipv6/conf/" + DEVICE);

        assertSame(Ipv6Availability.MTU_TOO_SMALL, Ipv6Availability.of(root, DEVICE));
    }

    @Test
    void anAbsentSettingDisablesNothing() throws IOException {
        Files.delete(root.resolve("proc/sys/net/ipv6/conf/all/disable_ipv6"));

        assertSame(Ipv6Availability.AVAILABLE, Ipv6Availability.of(root, DEVICE));
    }

    @Test
    void aSettingThatIsNotANumberIsAnError() throws IOException {
        write("proc/sys/net/ipv6/conf/all/disable_ipv6", "yes\n");

        IOException e = assertThrows(IOException.class, () -> Ipv6Availability.of(root, DEVICE));
        assertTrue(e.getMessage().endsWith("all/disable_ipv6: 'yes' (expected: an integer)"), e.getMessage());
    }

    @Test
    void aNameThatCouldLeaveConfIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Ipv6Availability.of(root, ".."));
        assertThrows(IllegalArgumentException.class, () -> Ipv6Availability.of(root, "../../x"));
    }

    @Test
    void theKernelsOwnFilesSayTheSame() throws Exception {
        IsolatedNetwork.run(() -> {
            String name = "tstun0";
            try (TunDevice device = TunDevice.open(name, false)) {
                assertSame(Ipv6Availability.AVAILABLE, Ipv6Availability.of(device.name()));

                InterfaceConfig.configure(name, 0xac151617, 24, 1279);
                assertSame(Ipv6Availability.MTU_TOO_SMALL, Ipv6Availability.of(name));
                InterfaceConfig.configure(name, 0xac151617, 24, 1500);
                assertSame(Ipv6Availability.AVAILABLE, Ipv6Availability.of(name), "back with its IPv6 state");

                Sysctl.disableIpv6(name, 1, Set.of(name));
                assertSame(Ipv6Availability.DISABLED_ON_DEVICE, Ipv6Availability.of(name));
                Sysctl.disableIpv6(name, 0, Set.of(name));

                Sysctl.disableIpv6("all", 1, Set.of(name));
                assertSame(Ipv6Availability.DISABLED_IN_NAMESPACE, Ipv6Availability.of(name));
                assertSame(Ipv6Availability.DISABLED_IN_NAMESPACE, Ipv6Availability.of("tstun9"), "also new ones");
            }
        });
    }

    private void write(String file, String content) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }

    private void delete(String directory) throws IOException {
        Path path = root.resolve(directory);
        try (var files = Files.list(path)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.delete(file);
            }
        }
        Files.delete(path);
    }
}
