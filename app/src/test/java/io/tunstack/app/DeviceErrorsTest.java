package io.tunstack.app;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.device.LinkType;
import io.tunstack.device.NativeException;
import io.tunstack.stack.address.InterfaceAddress;
import jnr.constants.platform.Errno;
import org.junit.jupiter.api.Test;

/** The one-line messages for the device errors a user meets, from hand-made errno values. */
class DeviceErrorsTest {

    private static final InterfaceAddress ADDRESS = InterfaceAddress.parse("172.21.22.23/24");

    private static void assertOneLineContaining(String message, String... parts) {
        assertAll(
                () -> assertEquals(1, message.lines().count(), message),
                () -> {
                    for (String part : parts) {
                        assertTrue(message.contains(part), () -> "'" + message + "' should contain '" + part + "'");
                    }
                });
    }

    @Test
    void missingCloneDeviceSaysToLoadTheModule() {
        String message = DeviceErrors.openFailed("tun0", new NativeException("open", "/dev/net/tun", Errno.ENOENT),
                new HostFacts(false, true));

        assertOneLineContaining(message, "/dev/net/tun", "modprobe tun");
        assertEquals(message.indexOf("modprobe"), message.lastIndexOf("modprobe"), "said once: " + message);
    }

    @Test
    void noPrivilegeSaysRootOrCapNetAdmin() {
        String message = DeviceErrors.openFailed("tun0", new NativeException("ioctl", "TUNSETIFF tun0", Errno.EPERM),
                new HostFacts(false, true));

        assertOneLineContaining(message, "tun0", "permission denied", "root", "CAP_NET_ADMIN");
    }

    @Test
    void noPrivilegeToConfigureSaysRootOrCapNetAdmin() {
        String message = DeviceErrors.configureFailed("tun0", ADDRESS, 1500,
                new NativeException("ioctl", "SIOCSIFADDR tun0", Errno.EPERM));

        assertOneLineContaining(message, "tun0", "root", "CAP_NET_ADMIN");
    }

    @Test
    void busyDeviceSaysChooseAnotherName() {
        String message = DeviceErrors.openFailed("tun0", new NativeException("ioctl", "TUNSETIFF tun0", Errno.EBUSY));

        assertOneLineContaining(message, "tun0", "busy", "--device");
    }

    @Test
    void aDeviceOfAnotherKindSaysChooseAnotherName() {
        String message = DeviceErrors.openFailed("lo", new NativeException("ioctl", "TUNSETIFF lo", Errno.EINVAL));

        assertOneLineContaining(message, "lo", "not a TUN device", "--device");
    }

    @Test
    void attachingToAMissingDeviceSaysHowToCreateIt() {
        String message =
                DeviceErrors.attachFailed("tun7", new NativeException("ioctl", "SIOCGIFMTU tun7", Errno.ENODEV));

        assertOneLineContaining(message, "tun7", "does not exist", "ip tuntap add dev tun7 mode tun");
    }

    @Test
    void aTapModeErrorNamesATapDevice() {
        String otherKind = DeviceErrors.openFailed("tun0", LinkType.ETHERNET,
                new NativeException("ioctl", "TUNSETIFF tun0", Errno.EINVAL));
        String missing = DeviceErrors.attachFailed("tap7", LinkType.ETHERNET,
                new NativeException("ioctl", "SIOCGIFMTU tap7", Errno.ENODEV));

        assertOneLineContaining(otherKind, "tun0", "not a TAP device", "--device");
        assertOneLineContaining(missing, "tap7", "does not exist", "ip tuntap add dev tap7 mode tap");
    }

    @Test
    void anyOtherErrorKeepsTheSyscallAndErrno() {
        String message = DeviceErrors.configureFailed("tun0", ADDRESS, 1500,
                new NativeException("ioctl", "SIOCSIFMTU tun0", Errno.EINVAL));

        assertOneLineContaining(message, "tun0", "172.21.22.23/24", "1500", "SIOCSIFMTU", "EINVAL");
    }

    @Test
    void aDeviceDeletedUnderTunstackWentAway() {
        String message = DeviceErrors.readFailed("tun0", 0, new NativeException("read", "tun0", Errno.EBADFD));

        assertOneLineContaining(message, "tun0", "went away", "EBADFD");
    }

    @Test
    void anyOtherReadErrorNamesTheQueue() {
        String message = DeviceErrors.readFailed("tun0", 1, new NativeException("read", "tun0", Errno.EIO));

        assertOneLineContaining(message, "queue 1", "tun0", "EIO");
    }

    @Test
    void insideAContainerTheHintsAreDockerOptions() {
        HostFacts container = new HostFacts(true, true);

        String missing = DeviceErrors.openFailed("tun0", new NativeException("open", "/dev/net/tun", Errno.ENOENT),
                container);
        String noCapability = DeviceErrors.openFailed("tun0",
                new NativeException("ioctl", "TUNSETIFF tun0", Errno.EPERM), container);

        assertOneLineContaining(missing, "--device /dev/net/tun");
        assertTrue(!missing.contains("modprobe"), missing);
        assertOneLineContaining(noCapability, "CAP_NET_ADMIN", "--cap-add NET_ADMIN");
        assertTrue(!noCapability.contains("sudo"), noCapability);
    }

    @Test
    void aUserWhoCannotOpenTheNodeIsToldAboutItsMode() {
        String message = DeviceErrors.openFailed("tun0", new NativeException("open", "/dev/net/tun", Errno.EACCES),
                new HostFacts(false, false));

        assertOneLineContaining(message, "/dev/net/tun", "mode", "access");
        assertTrue(!message.contains("CAP_NET_ADMIN"), message);
    }
}
