package io.tunstack.device;

import java.time.Duration;

/**
 * Configures a network interface through ioctls on a datagram socket, as {@code ifconfig} does: on an {@code AF_INET}
 * socket the IPv4 address ({@code SIOCSIFADDR}), netmask ({@code SIOCSIFNETMASK}), MTU ({@code SIOCSIFMTU}) and link
 * up ({@code SIOCGIFFLAGS}/{@code SIOCSIFFLAGS}); on an {@code AF_INET6} socket an IPv6 address ({@code SIOCSIFADDR}
 * with a {@code struct in6_ifreq}). The kernel then adds the subnet routes itself. No shelling out to ip.
 *
 * <p>IPv4 addresses are an int, a.b.c.d = {@code a<<24|b<<16|c<<8|d}; IPv6 addresses are 16 bytes, most significant
 * first. Each method opens its own socket and closes it on every path. Errors are {@link NativeException}s naming the
 * ioctl and the interface.
 */
public final class InterfaceConfig {

    /** How often {@link #awaitRunning} asks for the flags: the link watcher's work takes microseconds once it runs. */
    private static final long RUNNING_POLL_MILLIS = 5;

    private InterfaceConfig() {
    }

    /**
     * Assigns {@code address/prefixLength} (IPv4 as an int, a.b.c.d = a<<24|b<<16|c<<8|d), sets the MTU and brings
     * the link up.
     *
     * @throws IllegalArgumentException for an invalid name or a prefix length outside 0..32
     * @throws NativeException e.g. ENODEV for no such interface, EPERM without CAP_NET_ADMIN, EINVAL for a bad MTU
     */
    public static void configure(String name, int address, int prefixLength, int mtu) throws NativeException {
        InterfaceName.validate(name, false);
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " (expected: 0..32)");
        }
        try (ControlSocket socket = ControlSocket.inet()) {
            IfReq ifr = IfReq.named(name);
            ifr.ifr_ifru.ifru_addr.setAddress(address);
            socket.ioctl(Linux.SIOCSIFADDR, "SIOCSIFADDR " + name, ifr);

            ifr = IfReq.named(name);
            ifr.ifr_ifru.ifru_addr.setAddress(netmask(prefixLength));
            socket.ioctl(Linux.SIOCSIFNETMASK, "SIOCSIFNETMASK " + name, ifr);

            setMtuAndBringUp(socket, name, mtu);
        }
    }

    /**
     * Sets the MTU and brings the link up, without an IPv4 address: a device that runs IPv6 only. Set the MTU before
     * {@link #addIpv6Address}: IPv6 needs 1280 or more.
     *
     * @throws NativeException e.g. ENODEV for no such interface, EPERM without CAP_NET_ADMIN, EINVAL for a bad MTU
     */
    public static void setMtuAndBringUp(String name, int mtu) throws NativeException {
        InterfaceName.validate(name, false);
        try (ControlSocket socket = ControlSocket.inet()) {
            setMtuAndBringUp(socket, name, mtu);
        }
    }

    private static void setMtuAndBringUp(ControlSocket socket, String name, int mtu) throws NativeException {
        IfReq ifr = IfReq.named(name);
        ifr.ifr_ifru.ifru_mtu.set(mtu);
        socket.ioctl(Linux.SIOCSIFMTU, "SIOCSIFMTU " + name, ifr);

        ifr = IfReq.named(name);
        socket.ioctl(Linux.SIOCGIFFLAGS, "SIOCGIFFLAGS " + name, ifr);
        short flags = ifr.ifr_ifru.ifru_flags.get();
        ifr.ifr_ifru.ifru_flags.set((short) (flags | Linux.IFF_UP | Linux.IFF_RUNNING));
        socket.ioctl(Linux.SIOCSIFFLAGS, "SIOCSIFFLAGS " + name, ifr);
    }

    /**
     * Adds the IPv6 address {@code address/prefixLength} to the interface, as {@code ifconfig NAME inet6 add} does:
     * {@code SIOCSIFADDR} on an {@code AF_INET6} socket with a {@code struct in6_ifreq}, which names the device by
     * its index ({@code SIOCGIFINDEX}). The kernel ({@code addrconf_add_ifaddr()}, {@code net/ipv6/addrconf.c}) adds
     * it as a permanent address with the prefix route, also while the link is down. The link stays as it is.
     *
     * <p>Usable at once, with nothing written to {@code accept_dad}: a TUN device is {@code IFF_NOARP}, and
     * {@code addrconf_dad_begin()} skips Duplicate Address Detection on such devices: the address is tentative only
     * until the kernel's address work runs, moments after the call, never for the second a DAD probe takes, and the
     * kernel sends from it (the device tests check both). A TAP device is not
     * {@code IFF_NOARP}: it would need {@code accept_dad=0} for that device, written before the address is added.
     *
     * @param address 16 bytes, most significant first ({@code fd00::23} is {@code fd 00 00 .. 00 23})
     * @throws IllegalArgumentException for an invalid name, an address that is not 16 bytes, or a prefix length
     *     outside 0..128
     * @throws NativeException e.g. ENODEV for no such interface, EACCES when IPv6 is disabled on it
     *     ({@code disable_ipv6=1}, see {@link Ipv6Availability}), EINVAL when its MTU is below 1280, EEXIST when it
     *     has the address already, EAFNOSUPPORT when the kernel has no IPv6
     */
    public static void addIpv6Address(String name, byte[] address, int prefixLength) throws NativeException {
        InterfaceName.validate(name, false);
        if (address.length != In6IfReq.In6Addr.SIZE) {
            throw new IllegalArgumentException(
                    "IPv6 address of " + address.length + " bytes (expected: " + In6IfReq.In6Addr.SIZE + ")");
        }
        if (prefixLength < 0 || prefixLength > 128) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " (expected: 0..128)");
        }
        In6IfReq ifr6 = new In6IfReq();
        ifr6.ifr6_addr.set(address);
        ifr6.ifr6_prefixlen.set(prefixLength);
        ifr6.ifr6_ifindex.set(index(name));
        try (ControlSocket socket = ControlSocket.inet6()) {
            socket.ioctl(Linux.SIOCSIFADDR, NativeException.INET6_SIOCSIFADDR + " " + name, ifr6);
        }
    }

    /** The interface's current MTU ({@code SIOCGIFMTU}). */
    public static int mtu(String name) throws NativeException {
        return query(name, Linux.SIOCGIFMTU, "SIOCGIFMTU").ifr_ifru.ifru_mtu.get();
    }

    /** The interface's {@code IFF_*} flags ({@code SIOCGIFFLAGS}), as an unsigned 16-bit value. */
    public static int flags(String name) throws NativeException {
        return Short.toUnsignedInt(query(name, Linux.SIOCGIFFLAGS, "SIOCGIFFLAGS").ifr_ifru.ifru_flags.get());
    }

    /** Whether the interface is up ({@code IFF_UP} in {@link #flags}). */
    public static boolean isUp(String name) throws NativeException {
        return (flags(name) & Linux.IFF_UP) != 0;
    }

    /**
     * Waits until the kernel reports the interface operationally up ({@code IFF_RUNNING} in {@link #flags}), for at most
     * {@code timeout}; returns at once when the interface is down ({@code IFF_UP} clear), since nothing but an
     * administrator would bring it up. The kernel's link watcher sets the operational state after the carrier comes,
     * and defers that work by up to a second when another link event came shortly before; a bridge starts forwarding
     * to a port, and frames sent through it start reaching the other ports, in the same step (the bridge is told
     * right after the state is set, both under the RTNL lock).
     *
     * @return whether the interface runs
     */
    public static boolean awaitRunning(String name, Duration timeout) throws NativeException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int flags = flags(name);
            if ((flags & Linux.IFF_RUNNING) != 0) {
                return true;
            }
            if ((flags & Linux.IFF_UP) == 0 || System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(RUNNING_POLL_MILLIS);
        }
    }

    /** The interface's IPv4 address ({@code SIOCGIFADDR}). */
    public static int address(String name) throws NativeException {
        return query(name, Linux.SIOCGIFADDR, "SIOCGIFADDR").ifr_ifru.ifru_addr.address();
    }

    /** The interface's IPv4 netmask ({@code SIOCGIFNETMASK}). */
    public static int netmask(String name) throws NativeException {
        return query(name, Linux.SIOCGIFNETMASK, "SIOCGIFNETMASK").ifr_ifru.ifru_addr.address();
    }

    /**
     * The interface's Ethernet address ({@code SIOCGIFHWADDR}): 48 bits, the first byte on the wire highest, as a TAP
     * device has it (the kernel draws a random locally administered one, {@code eth_hw_addr_random()}, unless
     * {@code ip link set DEV address} set another).
     *
     * @throws NativeException with {@code EINVAL} for an interface that is not Ethernet (a TUN device has no hardware
     *     address: {@code ARPHRD_NONE})
     */
    public static long ethernetAddress(String name) throws NativeException {
        IfReq ifr = query(name, Linux.SIOCGIFHWADDR, "SIOCGIFHWADDR");
        int type = ifr.ifr_ifru.ifru_hwaddr.sa_family.intValue();
        if (type != Linux.ARPHRD_ETHER) {
            throw new NativeException("ioctl", "SIOCGIFHWADDR " + name + ": hardware type " + type
                    + " (expected: " + Linux.ARPHRD_ETHER + ", Ethernet)", jnr.constants.platform.Errno.EINVAL);
        }
        return ifr.ifr_ifru.ifru_hwaddr.dataBits(Linux.ETH_ALEN);
    }

    /** The interface's hardware type ({@code ARPHRD_*} from {@code SIOCGIFHWADDR}): 1 for Ethernet. */
    static int hardwareType(String name) throws NativeException {
        return query(name, Linux.SIOCGIFHWADDR, "SIOCGIFHWADDR").ifr_ifru.ifru_hwaddr.sa_family.intValue();
    }

    /** The interface's index ({@code SIOCGIFINDEX}), as {@code /proc/net/if_inet6} and netlink name it. */
    static int index(String name) throws NativeException {
        return query(name, Linux.SIOCGIFINDEX, "SIOCGIFINDEX").ifr_ifru.ifru_ivalue.get();
    }

    /** Runs one {@code SIOCGIF*} query on the interface {@code name} and returns the ifreq the kernel filled in. */
    private static IfReq query(String name, long request, String requestName) throws NativeException {
        try (ControlSocket socket = ControlSocket.inet()) {
            IfReq ifr = IfReq.named(InterfaceName.validate(name, false));
            socket.ioctl(request, requestName + " " + name, ifr);
            return ifr;
        }
    }

    /** The netmask of a prefix length: 24 gives 255.255.255.0; 0 gives 0.0.0.0. */
    static int netmask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }
}
