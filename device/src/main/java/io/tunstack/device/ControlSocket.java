package io.tunstack.device;

import jnr.ffi.Struct;

/**
 * A {@code SOCK_DGRAM} socket, the handle the {@code SIOC*} interface and route ioctls go through. Its family chooses
 * the protocol that handles an address or route ioctl: {@code SIOCSIFADDR} sets an IPv4 address on an {@code AF_INET}
 * socket, an IPv6 one on an {@code AF_INET6} socket, and {@code SIOCADDRT} reads a {@code struct rtentry} on the first
 * ({@code ip_rt_ioctl()}) and a {@code struct in6_rtmsg} on the second ({@code ipv6_route_ioctl()}). The interface
 * requests work on either. Closed on every path by try-with-resources; a failed open leaves nothing open.
 */
final class ControlSocket implements AutoCloseable {
    private final int fd;

    private ControlSocket(int fd) {
        this.fd = fd;
    }

    static ControlSocket inet() throws NativeException {
        return open(Linux.AF_INET, "AF_INET");
    }

    static ControlSocket inet6() throws NativeException {
        return open(Linux.AF_INET6, NativeException.AF_INET6);
    }

    private static ControlSocket open(int family, String familyName) throws NativeException {
        int fd = Native.LIBC.socket(family, Linux.SOCK_DGRAM | Linux.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw Native.failure("socket", familyName + ", SOCK_DGRAM");
        }
        return new ControlSocket(fd);
    }

    /** @param argument the request and what it is on, for the error, e.g. {@code "SIOCSIFMTU tun0"} */
    void ioctl(long request, String argument, Struct argp) throws NativeException {
        if (Native.LIBC.ioctl(fd, request, argp) < 0) {
            throw Native.failure("ioctl", argument);
        }
    }

    @Override
    public void close() {
        Native.LIBC.close(fd);
    }
}
