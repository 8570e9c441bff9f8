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
    void noHintWhereThereIsNothingToAdd() {
        assertEquals("read(tun0): " + Errno.EIO.description() + " (EIO)",
                new NativeException("read", "tun0", Errno.EIO).getMessage());
    }
}
