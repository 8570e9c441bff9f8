package io.tunstack.device;

/**
 * Configures a network interface through ioctls on an {@code AF_INET} datagram socket, as {@code ifconfig} does:
 * address ({@code SIOCSIFADDR}), netmask ({@code SIOCSIFNETMASK}), MTU ({@code SIOCSIFMTU}) and link up
 * ({@code SIOCGIFFLAGS}/{@code SIOCSIFFLAGS}). The kernel then adds the subnet route itself. No shelling out to ip.
 *
 * <p>Addresses are IPv4 as an int, a.b.c.d = {@code a<<24|b<<16|c<<8|d}. Each method opens its own socket and closes
 * it on every path. Errors are {@link NativeException}s naming the ioctl and the interface.
 */
public final class InterfaceConfig {

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
        try (ControlSocket socket = ControlSocket.open()) {
            IfReq ifr = IfReq.named(name);
            ifr.ifr_ifru.ifru_addr.setAddress(address);
            socket.ioctl(Linux.SIOCSIFADDR, "SIOCSIFADDR", ifr);

            ifr = IfReq.named(name);
            ifr.ifr_ifru.ifru_addr.setAddress(netmask(prefixLength));
            socket.ioctl(Linux.SIOCSIFNETMASK, "SIOCSIFNETMASK", ifr);

            ifr = IfReq.named(name);
            ifr.ifr_ifru.ifru_mtu.set(mtu);
            socket.ioctl(Linux.SIOCSIFMTU, "SIOCSIFMTU", ifr);

            ifr = IfReq.named(name);
            socket.ioctl(Linux.SIOCGIFFLAGS, "SIOCGIFFLAGS", ifr);
            short flags = ifr.ifr_ifru.ifru_flags.get();
            ifr.ifr_ifru.ifru_flags.set((short) (flags | Linux.IFF_UP | Linux.IFF_RUNNING));
            socket.ioctl(Linux.SIOCSIFFLAGS, "SIOCSIFFLAGS", ifr);
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

    /** The interface's IPv4 address ({@code SIOCGIFADDR}). */
    public static int address(String name) throws NativeException {
        return query(name, Linux.SIOCGIFADDR, "SIOCGIFADDR").ifr_ifru.ifru_addr.address();
    }

    /** The interface's IPv4 netmask ({@code SIOCGIFNETMASK}). */
    public static int netmask(String name) throws NativeException {
        return query(name, Linux.SIOCGIFNETMASK, "SIOCGIFNETMASK").ifr_ifru.ifru_addr.address();
    }

    /** Runs one {@code SIOCGIF*} query on the interface {@code name} and returns the ifreq the kernel filled in. */
    private static IfReq query(String name, long request, String requestName) throws NativeException {
        try (ControlSocket socket = ControlSocket.open()) {
            IfReq ifr = IfReq.named(InterfaceName.validate(name, false));
            socket.ioctl(request, requestName, ifr);
            return ifr;
        }
    }

    /** The netmask of a prefix length: 24 gives 255.255.255.0; 0 gives 0.0.0.0. */
    static int netmask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /** An {@code AF_INET SOCK_DGRAM} socket, the handle the {@code SIOC*} interface ioctls go through. */
    private static final class ControlSocket implements AutoCloseable {
        private final int fd;

        private ControlSocket(int fd) {
            this.fd = fd;
        }

        static ControlSocket open() throws NativeException {
            int fd = Native.LIBC.socket(Linux.AF_INET, Linux.SOCK_DGRAM | Linux.SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw Native.failure("socket", "AF_INET, SOCK_DGRAM");
            }
            return new ControlSocket(fd);
        }

        void ioctl(long request, String requestName, IfReq ifr) throws NativeException {
            if (Native.LIBC.ioctl(fd, request, ifr) < 0) {
                throw Native.failure("ioctl", requestName + " " + ifr.ifr_name.get());
            }
        }

        @Override
        public void close() {
            Native.LIBC.close(fd);
        }
    }
}
