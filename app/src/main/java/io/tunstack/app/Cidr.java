package io.tunstack.app;

import io.tunstack.stack.address.Ipv4Address;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An interface address with its prefix length, as written on the command line: {@code 172.21.22.23/24}.
 *
 * @param address the IPv4 address as an int (a.b.c.d is {@code a<<24 | b<<16 | c<<8 | d})
 * @param prefixLength the subnet's prefix length, 0..32
 */
record Cidr(int address, int prefixLength) {

    /** The largest prefix length of an IPv4 subnet. */
    static final int MAX_PREFIX_LENGTH = 32;

    Cidr {
        if (prefixLength < 0 || prefixLength > MAX_PREFIX_LENGTH) {
            throw new IllegalArgumentException(
                    "prefix length " + prefixLength + " is out of range (expected: 0.." + MAX_PREFIX_LENGTH + ")");
        }
    }

    /**
     * Parses {@code a.b.c.d/n}.
     *
     * @throws IllegalArgumentException with a one-line message that quotes the bad text
     */
    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException(
                    "'" + text + "' has no prefix length (expected: ADDRESS/PREFIX, e.g. 172.21.22.23/24)");
        }
        String addressText = text.substring(0, slash);
        String prefixText = text.substring(slash + 1);
        int address;
        try {
            address = Ipv4Address.parse(addressText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
        }
        if (prefixText.isEmpty() || prefixText.length() > 2 || !prefixText.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException(
                    "'" + text + "': prefix length '" + prefixText + "' is not a number 0.." + MAX_PREFIX_LENGTH);
        }
        int prefixLength = Integer.parseInt(prefixText);
        if (prefixLength > MAX_PREFIX_LENGTH) {
            throw new IllegalArgumentException(
                    "'" + text + "': prefix length " + prefixLength + " is out of range (expected: 0.."
                            + MAX_PREFIX_LENGTH + ")");
        }
        return new Cidr(address, prefixLength);
    }

    /** The subnet mask as an int: {@code /24} is {@code 0xFFFFFF00}. */
    int netmask() {
        return prefixLength == 0 ? 0 : -1 << (MAX_PREFIX_LENGTH - prefixLength);
    }

    /** The subnet's broadcast address: every host bit set. */
    int broadcast() {
        return address | ~netmask();
    }

    @Override
    public String toString() {
        return Ipv4Address.format(address) + "/" + prefixLength;
    }

    /** Lets picocli parse {@code --address}; a bad value becomes a one-line usage error. */
    static final class Converter implements ITypeConverter<Cidr> {
        @Override
        public Cidr convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
