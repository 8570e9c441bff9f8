package io.tunstack.stack.address;

/**
 * IPv4 addresses as {@code int}s (a.b.c.d is {@code a<<24 | b<<16 | c<<8 | d}): parsing, formatting, classes.
 *
 * <p>The classes follow RFC 1122 section 3.2.1.3 ("Addressing") and RFC 5735 / RFC 6890 (special-purpose
 * addresses). They classify one address; whether an address is acceptable where it appears is the caller's rule.
 */
public final class Ipv4Address {

    /** 0.0.0.0: "this host on this network" (RFC 1122 3.2.1.3 (a)), only valid as a source during bootstrap. */
    public static final int UNSPECIFIED = 0;
    /** 255.255.255.255: the limited broadcast (RFC 1122 3.2.1.3 (c)). */
    public static final int LIMITED_BROADCAST = 0xFFFFFFFF;
    /** 127.0.0.1: the usual loopback address. */
    public static final int LOOPBACK = 0x7F000001;

    private Ipv4Address() {
    }

    /**
     * Parses dotted-quad text.
     *
     * @throws IllegalArgumentException with a one-line message when the text is not four decimal octets
     */
    public static int parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("invalid IPv4 address: empty (expected: four decimal octets a.b.c.d)");
        }
        int address = 0;
        int octets = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                digits++;
                if (value > 255 || digits > 3) {
                    throw invalid(text);
                }
            } else if (c == '.' && value >= 0 && octets < 4) {
                address = address << 8 | value;
                octets++;
                value = -1;
                digits = 0;
            } else {
                throw invalid(text);
            }
        }
        if (octets != 4) {
            throw invalid(text);
        }
        return address;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(
                "invalid IPv4 address: '" + text + "' (expected: four decimal octets a.b.c.d)");
    }

    /** Formats as dotted quad. */
    public static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }

    /** The netmask of a prefix length 0..32, e.g. 24 gives 255.255.255.0. */
    public static int netmask(int prefixLength) {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length: " + prefixLength + " (expected: 0..32)");
        }
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /** The network address (host bits zero) of {@code address} in a subnet of {@code prefixLength}. */
    public static int network(int address, int prefixLength) {
        return address & netmask(prefixLength);
    }

    /**
     * The directed broadcast of {@code address}'s subnet: all host bits one (RFC 1122 3.2.1.3 (d) {Network-number,
     * -1}). /31 (RFC 3021) and /32 subnets have no broadcast address: the result is then {@link #LIMITED_BROADCAST},
     * which every caller treats as broadcast anyway.
     */
    public static int subnetBroadcast(int address, int prefixLength) {
        if (prefixLength >= 31) {
            return LIMITED_BROADCAST;
        }
        return address | ~netmask(prefixLength);
    }

    /** Whether {@code address} is in the subnet {@code network}/{@code prefixLength}. */
    public static boolean inSubnet(int address, int network, int prefixLength) {
        int mask = netmask(prefixLength);
        return (address & mask) == (network & mask);
    }

    /** 0.0.0.0. */
    public static boolean isUnspecified(int address) {
        return address == UNSPECIFIED;
    }

    /** 127.0.0.0/8 (RFC 1122 3.2.1.3 (g): "MUST NOT appear outside a host"). */
    public static boolean isLoopback(int address) {
        return address >>> 24 == 127;
    }

    /** 224.0.0.0/4, class D (RFC 1112). */
    public static boolean isMulticast(int address) {
        return address >>> 28 == 0xE;
    }

    /** 255.255.255.255. */
    public static boolean isLimitedBroadcast(int address) {
        return address == LIMITED_BROADCAST;
    }

    /** 240.0.0.0/4, class E ("reserved for future use", RFC 1112), limited broadcast included. */
    public static boolean isClassE(int address) {
        return address >>> 28 == 0xF;
    }

    /** 0.0.0.0/8: "this network" (RFC 1122 3.2.1.3 (a) and (b)); not a valid source apart from bootstrap. */
    public static boolean isThisNetwork(int address) {
        return address >>> 24 == 0;
    }
}
