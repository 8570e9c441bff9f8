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
        assertEquals(ipv6Address(Errno.EACCES)
                + ": IPv6 is disabled on this device or in this namespace (disable_ipv6=1)", addIpv6(Errno.EACCES));
        assertEquals(ipv6Address(Errno.EINVAL) + ": the device's MTU is below 1280, the minimum of IPv6",
                addIpv6(Errno.EINVAL));
        assertEquals(ipv6Address(Errno.EEXIST) + ": the device has this address already", addIpv6(Errno.EEXIST));
        assertEquals(ipv6Address(Errno.EADDRNOTAVAIL)
                + ": not an address a device can have (::, loopback or multicast)", addIpv6(Errno.EADDRNOTAVAIL));
        assertEquals(ipv6Address(Errno.EPERM) + ": needs root or CAP_NET_ADMIN", addIpv6(Errno.EPERM),
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

    /** The message of a failed {@code SIOCSIFADDR} of an IPv6 address on tun0. */
    private static String addIpv6(Errno errno) {
        return new NativeException("ioctl", NativeException.INET6_SIOCSIFADDR + " tun0", errno).getMessage();
    }

    /** The start of {@link #addIpv6}'s message, before the hint. */
    private static String ipv6Address(Errno errno) {
        return "ioctl(AF_INET6 SIOCSIFADDR tun0): " + errno.description() + " (" + errno.name() + ")";
    }
}
