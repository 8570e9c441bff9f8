package io.tunstack.it.hostile;

/** The addresses of the test network: tun0 is 172.21.22.23/24 in the namespace, tunstack answers the rest. */
final class Ipv4Addresses {

    /** The kernel's own address on tun0 (tunstack's default); the kernel answers it, tunstack never does. */
    static final int KERNEL = of(172, 21, 22, 23);
    /** An address tunstack answers by default. */
    static final int RESPONDER = of(172, 21, 22, 26);
    /** The subnet's broadcast address. */
    static final int SUBNET_BROADCAST = of(172, 21, 22, 255);
    /** The limited broadcast address. */
    static final int LIMITED_BROADCAST = of(255, 255, 255, 255);

    private Ipv4Addresses() {
    }

    static int of(int a, int b, int c, int d) {
        return a << 24 | b << 16 | c << 8 | d;
    }

    static String text(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }
}
