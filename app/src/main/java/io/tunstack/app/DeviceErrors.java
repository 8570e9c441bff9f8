package io.tunstack.app;

import io.tunstack.device.LinkType;
import io.tunstack.device.NativeException;
import io.tunstack.stack.address.InterfaceAddress;
import java.io.IOException;
import jnr.constants.platform.Errno;

/**
 * Turns a failed system call into one line that says what went wrong and what to do, for the errors a user meets:
 * no {@code /dev/net/tun}, no privilege, a busy or unsuitable device name.
 */
final class DeviceErrors {

    private static final String NEED_PRIVILEGE = "run as root or with CAP_NET_ADMIN (e.g. sudo tunstack)";

    private DeviceErrors() {
    }

    /** Opening {@code /dev/net/tun} or attaching it to the TUN device {@code device} ({@code TUNSETIFF}) failed. */
    static String openFailed(String device, NativeException e) {
        return openFailed(device, LinkType.RAW_IP, e, HostFacts.current());
    }

    /** Opening {@code /dev/net/tun} or attaching it to {@code device}, a TUN or TAP device by {@code type}, failed. */
    static String openFailed(String device, LinkType type, NativeException e) {
        return openFailed(device, type, e, HostFacts.current());
    }

    /** As {@link #openFailed(String, NativeException)}, with the hint chosen for {@code host}. */
    static String openFailed(String device, NativeException e, HostFacts host) {
        return openFailed(device, LinkType.RAW_IP, e, host);
    }

    private static String openFailed(String device, LinkType type, NativeException e, HostFacts host) {
        Errno errno = e.errno();
        String call = " (" + e.syscall() + " " + e.argument() + ": " + errno.name() + ")";
        if (isOpenOfCloneDevice(e) && (errno == Errno.ENOENT || errno == Errno.ENODEV || errno == Errno.ENXIO)) {
            // The call and errno only: the exception's own message carries the device module's hint.
            return host.inContainer()
                    ? "/dev/net/tun is missing in this container: start it with --device /dev/net/tun" + call
                    : "/dev/net/tun is missing: load the tun module with 'modprobe tun'" + call;
        }
        if (isOpenOfCloneDevice(e) && (errno == Errno.EPERM || errno == Errno.EACCES) && !host.root()) {
            return "cannot open /dev/net/tun: permission denied; its mode does not let this user open it (0600 on some"
                    + " distributions): give the user access to the node, or run as root" + call;
        }
        if (errno == Errno.EPERM || errno == Errno.EACCES) {
            return "cannot create device " + device + ": permission denied; " + (host.inContainer()
                    ? "CAP_NET_ADMIN is missing: start the container with --cap-add NET_ADMIN" : NEED_PRIVILEGE);
        }
        if (errno == Errno.EBUSY) {
            return "device " + device + " is busy: another program has it open; choose another name with --device";
        }
        if (errno == Errno.EINVAL) {
            return "cannot attach to device " + device + ": it exists but is not a " + kind(type) + " device of the"
                    + " same kind (single or multi-queue); choose another name with --device";
        }
        return "cannot open device " + device + ": " + e.getMessage();
    }

    /** Setting the address, netmask, MTU or link state of {@code device} failed. */
    static String configureFailed(String device, InterfaceAddress address, int mtu, NativeException e) {
        Errno errno = e.errno();
        if (errno == Errno.EPERM || errno == Errno.EACCES) {
            return "cannot configure device " + device + ": permission denied; " + NEED_PRIVILEGE;
        }
        return "cannot configure device " + device + " with address " + address + " and mtu " + mtu + ": "
                + e.getMessage();
    }

    /** Reading the MTU of an existing TUN device ({@code --no-configure}) failed. */
    static String attachFailed(String device, NativeException e) {
        return attachFailed(device, LinkType.RAW_IP, e);
    }

    /** Reading the MTU of an existing device ({@code --no-configure}), a TUN or TAP device by {@code type}, failed. */
    static String attachFailed(String device, LinkType type, NativeException e) {
        if (e.errno() == Errno.ENODEV) {
            return "device " + device + " does not exist: --no-configure attaches to an existing, configured device"
                    + " (create one with 'ip tuntap add dev " + device + " mode "
                    + kind(type).toLowerCase(java.util.Locale.ROOT) + "')";
        }
        return "cannot read the MTU of device " + device + ": " + e.getMessage();
    }

    /** Reading a queue of a running device failed: the worker of that queue has stopped. */
    static String readFailed(String device, int queue, IOException e) {
        if (e instanceof NativeException && ((NativeException) e).errno() == Errno.EBADFD) {
            return "device " + device + " went away while tunstack was using it (deleted?): " + e.getMessage();
        }
        return "reading queue " + queue + " of device " + device + " failed: " + e.getMessage();
    }

    /** {@code TUN} or {@code TAP}: the kind of device a link of {@code type} is. */
    private static String kind(LinkType type) {
        return type == LinkType.ETHERNET ? "TAP" : "TUN";
    }

    /** Whether the call that failed was the {@code open} of {@code /dev/net/tun} (and not an ioctl on it). */
    private static boolean isOpenOfCloneDevice(NativeException e) {
        return e.syscall().startsWith("open");
    }
}
