package io.tunstack.device;

import java.io.IOException;
import jnr.constants.platform.Errno;

/**
 * A failed system call: which call, on what, and the errno. Its message is one line a user can act on, e.g.
 * {@code "ioctl(TUNSETIFF tun0): Device or resource busy (EBUSY): the device is busy: another process has it open"}.
 */
public final class NativeException extends IOException {

    /** How {@link TunDevice#open} names its {@code TUNSETIFF} call in the argument. */
    static final String TUNSETIFF = "TUNSETIFF";

    /** How {@link InterfaceConfig} names the IPv6 address family in the arguments of its calls. */
    static final String AF_INET6 = "AF_INET6";

    /** How {@link InterfaceConfig#addIpv6Address} names its {@code SIOCSIFADDR} call in the argument. */
    static final String INET6_SIOCSIFADDR = AF_INET6 + " SIOCSIFADDR";

    /** How {@link RouteConfig#add} names its request in the argument. */
    static final String ROUTE_ADD = "SIOCADDRT";

    private final Errno errno;
    private final String syscall;
    private final String argument;

    /**
     * @param syscall the C function that failed, e.g. {@code "open"}, {@code "ioctl"}
     * @param argument what it was called on, e.g. {@code "/dev/net/tun"}, {@code "TUNSETIFF tun0"}
     * @param errno the errno it left
     */
    public NativeException(String syscall, String argument, Errno errno) {
        super(message(syscall, argument, errno));
        this.errno = errno;
        this.syscall = syscall;
        this.argument = argument;
    }

    /** The errno the call left. */
    public Errno errno() {
        return errno;
    }

    /** The C function that failed. */
    public String syscall() {
        return syscall;
    }

    /** What the call was made on: a path, a device, or an ioctl request and its device. */
    public String argument() {
        return argument;
    }

    private static String message(String syscall, String argument, Errno errno) {
        String message = syscall + "(" + argument + "): " + errno.description() + " (" + errno.name() + ")";
        String hint = hint(syscall, argument, errno);
        return hint.isEmpty() ? message : message + ": " + hint;
    }

    /** What a user can do about the common failures; empty when there is nothing useful to add. */
    private static String hint(String syscall, String argument, Errno errno) {
        if (argument.startsWith(INET6_SIOCSIFADDR)) {
            String hint = ipv6AddressHint(errno);
            if (!hint.isEmpty()) {
                return hint;
            }
        }
        switch (errno) {
            case EPERM:
            case EACCES:
                return "needs root or CAP_NET_ADMIN";
            case ENOENT:
            case ENXIO:
                return argument.contains(TunDevice.CLONE_DEVICE)
                        ? "the tun driver is not loaded: run 'modprobe tun'"
                        : "";
            case ENODEV:
                return "no such network interface";
            case EBUSY:
                return "the device is busy: another process has it open";
            case EINVAL:
                if (argument.startsWith(TUNSETIFF)) {
                    return "the name belongs to a device of another kind or with other flags (e.g. multi-queue)";
                }
                return syscall.equals("ioctl") ? "invalid device name or value" : "";
            case EEXIST:
                return argument.contains(ROUTE_ADD) ? "the routing table has this route already" : "";
            case ENETDOWN:
                return argument.contains(ROUTE_ADD) ? "the device is down" : "";
            case EMFILE:
            case ENFILE:
                return "too many open files";
            case EAFNOSUPPORT:
                return argument.startsWith(AF_INET6) ? "the kernel has no IPv6 (ipv6.disable=1 at boot?)" : "";
            default:
                return "";
        }
    }

    /**
     * The errnos of adding an IPv6 address that mean something else than elsewhere, as {@code inet6_addr_add()} and
     * {@code ipv6_add_dev()} ({@code net/ipv6/addrconf.c}) return them; empty for the others.
     */
    private static String ipv6AddressHint(Errno errno) {
        switch (errno) {
            case EACCES:
                return "IPv6 is disabled on this device or in this namespace (disable_ipv6=1)";
            case EINVAL:
                return "the device's MTU is below 1280, the minimum of IPv6";
            case EEXIST:
                return "the device has this address already";
            case EADDRNOTAVAIL:
                return "not an address a device can have (::, loopback or multicast)";
            default:
                return "";
        }
    }
}
