package io.tunstack.it.hostile;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The IPv6 addresses of the test network, as 16-byte arrays: tun0 is fd00:172:21:22::23/64 in the namespace, tunstack
 * answers the rest of the prefix.
 */
final class Ipv6Addresses {

    /** The kernel's own address on tun0 (tunstack's default); the kernel answers it, tunstack never does. */
    static final byte[] KERNEL = of("fd00:172:21:22::23");
    /** An address tunstack answers by default. */
    static final byte[] RESPONDER = of("fd00:172:21:22::26");
    /** The link-scope all-nodes multicast address (RFC 4291 2.7.1). */
    static final byte[] ALL_NODES = of("ff02::1");
    /** The unspecified address (RFC 4291 2.5.2). */
    static final byte[] UNSPECIFIED = of("::");
    /** The loopback address (RFC 4291 2.5.3). */
    static final byte[] LOOPBACK = of("::1");

    private Ipv6Addresses() {
    }

    /**
     * The 16 bytes of an address literal (never a name: nothing is looked up). An IPv4-mapped literal stays 16 bytes,
     * though {@link InetAddress} turns it into an IPv4 address.
     */
    static byte[] of(String literal) {
        if (!literal.contains(":")) {
            throw new IllegalArgumentException("not an IPv6 literal: " + literal);
        }
        try {
            byte[] address = InetAddress.getByName(literal).getAddress();
            if (address.length == 4) {
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xFF;
                mapped[11] = (byte) 0xFF;
                System.arraycopy(address, 0, mapped, 12, 4);
                return mapped;
            }
            return address;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address literal: " + literal, e);
        }
    }

    /** The address in the uncompressed form {@code fd00:172:21:22:0:0:0:23}, for messages and comparisons. */
    static String text(byte[] address) {
        if (address.length != 16) {
            throw new IllegalArgumentException(address.length + " bytes (expected: 16)");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            if (i > 0) {
                text.append(':');
            }
            text.append(Integer.toHexString((address[i] & 0xFF) << 8 | (address[i + 1] & 0xFF)));
        }
        return text.toString();
    }
}
