package io.tunstack.stack.address;

import java.util.Objects;

/**
 * An address with its prefix length, as configured on an interface ({@code 172.21.22.23/24},
 * {@code fd00:172:21:22::23/64}): the one owner of the subnet arithmetic (network, last address, IPv4 broadcast,
 * membership) that the configuration, the stack and the ready line share.
 */
public record InterfaceAddress(IpAddress address, int prefixLength) {

    public InterfaceAddress {
        Objects.requireNonNull(address, "address");
        if (prefixLength < 0 || prefixLength > address.family().addressBits()) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " (expected: 0.."
                    + address.family().addressBits() + ")");
        }
    }

    /** The IPv4 address {@code address} (an int, a.b.c.d is {@code a<<24 | ... | d}) with {@code prefixLength}. */
    public static InterfaceAddress ipv4(int address, int prefixLength) {
        return new InterfaceAddress(IpAddress.ofIpv4(address), prefixLength);
    }

    /**
     * Parses {@code ADDRESS/PREFIX} of either family.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static InterfaceAddress parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' has no prefix length (expected: ADDRESS/PREFIX, e.g. "
                    + "172.21.22.23/24 or fd00:172:21:22::23/64)");
        }
        IpAddress address = IpAddress.parse(text.substring(0, slash));
        String prefix = text.substring(slash + 1);
        int bits = address.family().addressBits();
        if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(prefix) > bits) {
            throw new IllegalArgumentException("prefix length '" + prefix + "' (expected: 0.." + bits + ")");
        }
        return new InterfaceAddress(address, Integer.parseInt(prefix));
    }

    public IpFamily family() {
        return address.family();
    }

    /** The first address of the prefix (all host bits zero). */
    public IpAddress network() {
        if (address.isIpv4()) {
            return IpAddress.ofIpv4(Ipv4Address.network(address.ipv4(), prefixLength));
        }
        return IpAddress.ofIpv6(address.high() & Ipv6Address.highMask(prefixLength),
                address.low() & Ipv6Address.lowMask(prefixLength));
    }

    /** The last address of the prefix (all host bits one). */
    public IpAddress last() {
        if (address.isIpv4()) {
            return IpAddress.ofIpv4(address.ipv4() | ~Ipv4Address.netmask(prefixLength));
        }
        return IpAddress.ofIpv6(address.high() | ~Ipv6Address.highMask(prefixLength),
                address.low() | ~Ipv6Address.lowMask(prefixLength));
    }

    /**
     * The IPv4 subnet broadcast as RFC 919/922 define it, and as Linux computes it for a /31 or /32 (RFC 3021: a /31
     * has no broadcast address), {@link Ipv4Address#LIMITED_BROADCAST}.
     */
    public int ipv4SubnetBroadcast() {
        return Ipv4Address.subnetBroadcast(address.ipv4(), prefixLength);
    }

    /**
     * The addresses of the prefix that hosts may have: for IPv4 all but the network and broadcast addresses (all of
     * them for a /31 or /32, RFC 3021); for IPv6, which has no broadcast, all but the Subnet-Router anycast address,
     * the prefix with an all-zero interface identifier (RFC 4291 2.6.1: it belongs to the routers of the subnet; a
     * /127 or /128 keeps it, RFC 6164).
     */
    public AddressSet hosts() {
        IpAddress first = network();
        IpAddress last = last();
        if (address.isIpv4() ? prefixLength < 31 : prefixLength < 127) {
            first = first.plus(1);
        }
        if (address.isIpv4() && prefixLength < 31) {
            last = last.plus(-1);
        }
        return AddressSet.ofRange(first, last);
    }

    /** Whether {@code other} lies in this prefix. */
    public boolean contains(IpAddress other) {
        return other.family() == family() && other.compareTo(network()) >= 0 && other.compareTo(last()) <= 0;
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}
