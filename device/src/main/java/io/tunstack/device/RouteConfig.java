package io.tunstack.device;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import jnr.constants.platform.Errno;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * Adds and deletes routes through a device, as {@code route add -net PREFIX dev DEVICE} does: {@code SIOCADDRT} and
 * {@code SIOCDELRT} with a {@code struct rtentry} on an {@code AF_INET} socket for IPv4 ({@code ip_rt_ioctl()}), and
 * with a {@code struct in6_rtmsg} on an {@code AF_INET6} socket for IPv6 ({@code ipv6_route_ioctl()}). The routes go
 * into the main table, without a gateway (the device is point-to-point), with the default priority of their family
 * (IPv4 0, IPv6 1024, as {@code ip route add} gives them); both calls need {@code CAP_NET_ADMIN}.
 *
 * <p>The kernel removes every route through a device when the device goes away; a route deleted after that is
 * reported as absent, not as an error. Each call opens its own socket and closes it on every path.
 */
public final class RouteConfig {

    private RouteConfig() {
    }

    /**
     * Adds {@code route}: its destination, a prefix's first address (host bits zero), through its device.
     *
     * @throws IllegalArgumentException for an invalid device name, a prefix length out of range, or host bits set
     * @throws NativeException e.g. EEXIST when the table has this route already, ENODEV for no such device, ENETDOWN
     *     when the device is down, EPERM without CAP_NET_ADMIN
     */
    public static void add(Route route) throws NativeException {
        change(route, Linux.SIOCADDRT, NativeException.ROUTE_ADD);
    }

    /**
     * Deletes {@code route}.
     *
     * @return whether it was there: {@code false} when the kernel has no such route (ESRCH) or no such device
     *     (ENODEV), which is how it answers after it removed the device with its routes
     * @throws NativeException e.g. EPERM without CAP_NET_ADMIN
     */
    public static boolean delete(Route route) throws NativeException {
        try {
            change(route, Linux.SIOCDELRT, "SIOCDELRT");
            return true;
        } catch (NativeException e) {
            if (e.errno() == Errno.ESRCH || e.errno() == Errno.ENODEV) {
                return false;
            }
            throw e;
        }
    }

    private static void change(Route route, long request, String requestName) throws NativeException {
        InterfaceName.validate(route.device(), false);
        byte[] destination = route.destination();
        int bits = destination.length * 8;
        int length = route.prefixLength();
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException("prefix length " + length + " (expected: 0.." + bits + ")");
        }
        for (int bit = length; bit < bits; bit++) {
            if ((destination[bit / 8] & 0x80 >>> bit % 8) != 0) {
                throw new IllegalArgumentException(text(route) + " has host bits set (expected: the prefix's first"
                        + " address)");
            }
        }
        if (route.isIpv6()) {
            changeIpv6(route, request, NativeException.AF_INET6 + " " + requestName + " " + text(route));
        } else {
            changeIpv4(route, request, requestName + " " + text(route));
        }
    }

    private static void changeIpv4(Route route, long request, String argument) throws NativeException {
        byte[] destination = route.destination();
        int address = (destination[0] & 0xff) << 24 | (destination[1] & 0xff) << 16 | (destination[2] & 0xff) << 8
                | destination[3] & 0xff;
        // rt_dev points to the name in native memory, kept reachable until the ioctl has returned.
        Pointer name = Memory.allocateDirect(Native.RUNTIME, Linux.IFNAMSIZ, true);
        name.putString(0, route.device(), Linux.IFNAMSIZ, StandardCharsets.US_ASCII);
        RtEntry rt = new RtEntry();
        rt.rt_dst.setAddress(address);
        rt.rt_genmask.setAddress(InterfaceConfig.netmask(route.prefixLength()));
        rt.rt_flags.set(Linux.RTF_UP);
        rt.rt_dev.set(name);
        try (ControlSocket socket = ControlSocket.inet()) {
            socket.ioctl(request, argument, rt);
        }
    }

    private static void changeIpv6(Route route, long request, String argument) throws NativeException {
        In6RtMsg rtmsg = new In6RtMsg();
        rtmsg.rtmsg_dst.set(route.destination());
        rtmsg.rtmsg_dst_len.set(route.prefixLength());
        rtmsg.rtmsg_flags.set(Linux.RTF_UP);
        rtmsg.rtmsg_ifindex.set(InterfaceConfig.index(route.device()));
        try (ControlSocket socket = ControlSocket.inet6()) {
            socket.ioctl(request, argument, rtmsg);
        }
    }

    /** {@code 10.9.0.0/16 dev tun0}, for the errors. */
    private static String text(Route route) {
        try {
            return InetAddress.getByAddress(route.destination()).getHostAddress() + "/" + route.prefixLength()
                    + " dev " + route.device();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e); // never: Route holds 4 or 16 bytes
        }
    }
}
