package io.tunstack.stack.address;

import java.util.Objects;

/**
 * An IP address of either family, as a value: its family and 128 bits in two longs. An IPv4 address keeps its 32 bits
 * in the low long, with the high long zero; an IPv6 address is {@code high} (bytes 0-7) and {@code low} (bytes 8-15)
 * in network order.
 *
 * <p>The packet path does not allocate these: views read addresses as an {@code int} (IPv4) or two {@code long}s
 * (IPv6), and family-neutral structures ({@link AddressSet}, limiters, the reassembler's key) take those primitives.
 * This type is for configuration, text and tests.
 */
public final class IpAddress implements Comparable<IpAddress> {

    private final IpFamily family;
    private final long high;
    private final long low;

    private IpAddress(IpFamily family, long high, long low) {
        this.family = family;
        this.high = high;
        this.low = low;
    }

    /** The IPv4 address whose 32 bits are {@code address}. */
    public static IpAddress ofIpv4(int address) {
        return new IpAddress(IpFamily.IPV4, 0, Integer.toUnsignedLong(address));
    }

    /** The IPv6 address of bytes 0-7 {@code high} and bytes 8-15 {@code low}. */
    public static IpAddress ofIpv6(long high, long low) {
        return new IpAddress(IpFamily.IPV6, high, low);
    }

    /** The address of {@code family} whose bits are {@code high}:{@code low} (for IPv4, the low 32 bits of low). */
    public static IpAddress of(IpFamily family, long high, long low) {
        return family == IpFamily.IPV4 ? ofIpv4((int) low) : ofIpv6(high, low);
    }

    /** The address of 4 bytes (IPv4) or 16 bytes (IPv6), network order, as the kernel's structures hold it. */
    public static IpAddress fromBytes(byte[] bytes) {
        if (bytes.length == 4) {
            return ofIpv4((bytes[0] & 0xFF) << 24 | (bytes[1] & 0xFF) << 16 | (bytes[2] & 0xFF) << 8 | bytes[3] & 0xFF);
        }
        if (bytes.length != 16) {
            throw new IllegalArgumentException("address of " + bytes.length + " bytes (expected: 4 or 16)");
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = high << 8 | bytes[i] & 0xFF;
            low = low << 8 | bytes[8 + i] & 0xFF;
        }
        return ofIpv6(high, low);
    }

    /** The 4 (IPv4) or 16 (IPv6) bytes of the address, network order. */
    public byte[] toBytes() {
        int length = family == IpFamily.IPV4 ? 4 : 16;
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            int fromEnd = length - 1 - i;
            bytes[i] = (byte) (fromEnd >= 8 ? high >>> (8 * (fromEnd - 8)) : low >>> (8 * fromEnd));
        }
        return bytes;
    }

    /**
     * Parses dotted-quad IPv4 ({@code 172.21.22.23}) or IPv6 text (RFC 4291 2.2, {@code fd00:172:21:22::23}); a text
     * with a colon is IPv6.
     *
     * @throws IllegalArgumentException naming what is wrong and what is expected
     */
    public static IpAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.indexOf(':') >= 0) {
            long[] bits = Ipv6Address.parse(text);
            return ofIpv6(bits[0], bits[1]);
        }
        return ofIpv4(Ipv4Address.parse(text));
    }

    public IpFamily family() {
        return family;
    }

    public boolean isIpv4() {
        return family == IpFamily.IPV4;
    }

    public boolean isIpv6() {
        return family == IpFamily.IPV6;
    }

    /** The IPv4 address as an int. */
    public int ipv4() {
        if (family != IpFamily.IPV4) {
            throw new IllegalStateException("not an IPv4 address: " + this);
        }
        return (int) low;
    }

    /** Bytes 0-7 of an IPv6 address; 0 for IPv4. */
    public long high() {
        return high;
    }

    /** Bytes 8-15 of an IPv6 address; the 32 bits of an IPv4 address, unsigned. */
    public long low() {
        return low;
    }

    /** The address {@code delta} after this one (before it when negative), wrapping within the family's bits. */
    public IpAddress plus(long delta) {
        if (family == IpFamily.IPV4) {
            return ofIpv4((int) (low + delta));
        }
        long newLow = low + delta;
        long carry;
        if (delta >= 0) {
            carry = Long.compareUnsigned(newLow, low) < 0 ? 1 : 0;
        } else {
            carry = Long.compareUnsigned(newLow, low) > 0 ? -1 : 0;
        }
        return ofIpv6(high + carry, newLow);
    }

    /** Addresses of different families order IPv4 first; within a family, numerically. */
    @Override
    public int compareTo(IpAddress other) {
        if (family != other.family) {
            return family.compareTo(other.family);
        }
        int byHigh = Long.compareUnsigned(high, other.high);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpAddress && ((IpAddress) other).family == family && ((IpAddress) other).high == high
                && ((IpAddress) other).low == low;
    }

    @Override
    public int hashCode() {
        return family.hashCode() * 31 + Long.hashCode(high * 31 + low);
    }

    /** Dotted quad for IPv4; RFC 5952's canonical text for IPv6. */
    @Override
    public String toString() {
        return family == IpFamily.IPV4 ? Ipv4Address.format((int) low) : Ipv6Address.format(high, low);
    }
}
