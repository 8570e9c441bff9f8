package io.tunstack.device;

/**
 * Configures a network interface through ioctls on an {@code AF_INET} datagram socket, as {@code ifconfig} does:
 * address ({@code SIOCSIFADDR}), netmask ({@code SIOCSIFNETMASK}), MTU ({@code SIOCSIFMTU}) and link up
 * ({@code SIOCGIFFLAGS}/{@code SIOCSIFFLAGS}). The kernel then adds the subnet route itself. No shelling out to ip.
 */
public final class InterfaceConfig {

    private InterfaceConfig() {
    }

    /**
     * Assigns {@code address/prefixLength} (IPv4 as an int, a.b.c.d = a<<24|b<<16|c<<8|d), sets the MTU and brings
     * the link up.
     */
    public static void configure(String name, int address, int prefixLength, int mtu) throws NativeException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The interface's current MTU ({@code SIOCGIFMTU}). */
    public static int mtu(String name) throws NativeException {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
