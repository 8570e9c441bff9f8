package io.tunstack.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import jnr.constants.platform.Errno;
import org.junit.jupiter.api.Test;

/** The message is one line a user can act on: the call, its argument, the errno, and what to do. */
class NativeExceptionTest {

    @Test
    void carriesTheCallAndTheErrno() {
        NativeException e = new NativeException("ioctl", "TUNSETIFF tun0", Errno.EBUSY);
        assertSame(Errno.EBUSY, e.errno());
        assertEquals("ioctl", e.syscall());
        assertEquals("TUNSETIFF tun0", e.argument());
        assertEquals("ioctl(TUNSETIFF tun0): " + Errno.EBUSY.description()
                + " (EBUSY): the device is busy: another process has it open", e.getMessage());
    }

    @Test
    void missingTunDriverSaysHowToLoadIt() {
        NativeException e = new NativeException("open", TunDevice.CLONE_DEVICE, Errno.ENOENT);
        assertEquals("open(/dev/net/tun): " + Errno.ENOENT.description()
                + " (ENOENT): the tun driver is not loaded: run 'modprobe tun'", e.getMessage());
    }

    @Test
    void permissionErrorsNameTheCapability() {
        assertEquals("open(/dev/net/tun): " + Errno.EACCES.description() + " (EACCES): needs root or CAP_NET_ADMIN",
                new NativeException("open", TunDevice.CLONE_DEVICE, Errno.EACCES).getMessage());
        assertEquals("ioctl(TUNSETIFF tun0): " + Errno.EPERM.description() + " (EPERM): needs root or CAP_NET_ADMIN",
                new NativeException("ioctl", "TUNSETIFF tun0", Errno.EPERM).getMessage());
    }

    @Test
    void invalidArgumentToAnIoctlPointsAtNameFlagsOrValue() {
        assertEquals("ioctl(SIOCSIFMTU tun0): " + Errno.EINVAL.description()
                        + " (EINVAL): invalid device name or value",
                new NativeException("ioctl", "SIOCSIFMTU tun0", Errno.EINVAL).getMessage());
        assertEquals("ioctl(TUNSETIFF lo): " + Errno.EINVAL.description()
                        + " (EINVAL): the name belongs to a device of another kind or with other flags (e.g. multi-queue)",
                new NativeException("ioctl", "TUNSETIFF lo", Errno.EINVAL).getMessage());
    }

    @Test
    void addingAnIpv6AddressExplainsTheErrnosOfAddrconf() {
        String call = "ioctl(AF_INET6 SIOCSIFADDR tun0): ";
        assertEquals(call + Errno.EACCES.description()
                        + " (EACCES): IPv6 is disabled on this device or in this namespace (disable_ipv6=1)",
                new NativeException("ioctl", "AF_INET6 SIOCSIFADDR tun0", Errno.EACCES).getMessage());
        assertEquals(call + Errno.EINVAL.description() + " (EINVAL): the device's MTU is below 1280, the minimum of IPv6",
                new NativeException("ioctl", "AF_INET6 SIOCSIFADDR tun0", Errno.EINVAL).getMessage());
        assertEquals(call + Errno.EEXIST.description() + " (EEXIST): the device has this address already",
                new NativeException("ioctl", "AF_INET6 SIOCSIFADDR tun0", Errno.EEXIST).getMessage());
        assertEquals(call + Errno.EADDRNOTAVAIL.description()
                        + " (EADDRNOTAVAIL): not an address a device can have (::, loopback or multicast)",
                new NativeException("ioctl", "AF_INET6 SIOCSIFADDR tun0", Errno.EADDRNOTAVAIL).getMessage());
        assertEquals(call + Errno.EPERM.description() + " (EPERM): needs root or CAP_NET_ADMIN",
                new NativeException("ioctl", "AF_INET6 SIOCSIFADDR tun0", Errno.EPERM).getMessage(),
                "the other errnos as for any ioctl");
    }

    @Test
    void aKernelWithoutIpv6SaysSo() {
        assertEquals("socket(AF_INET6, SOCK_DGRAM): " + Errno.EAFNOSUPPORT.description()
                        + " (EAFNOSUPPORT): the kernel has no IPv6 (ipv6.disable=1 at boot?)",
                new NativeException("socket", "AF_INET6, SOCK_DGRAM", Errno.EAFNOSUPPORT).getMessage());
    }

    @Test
    void noHintWhereThereIsNothingToAdd() {
        assertEquals("read(tun0): " + Errno.EIO.description() + " (EIO)",
                new NativeException("read", "tun0", Errno.EIO).getMessage());
    }
}
