package io.tunstack.stack.address;

import java.util.Objects;

/**
 * A range of addresses of one family, first to last inclusive, as one element of an address list gives it: an address,
 * {@code FIRST-LAST} or {@code ADDR/PREFIX}.
 */
public record IpRange(IpAddress first, IpAddress last) {

    public IpRange {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (first.family() != last.family()) {
            throw new IllegalArgumentException("range from an " + first.family() + " to an " + last.family()
                    + " address");
        }
        if (first.compareTo(last) > 0) {
            throw new IllegalArgumentException("range ends before it starts");
        }
    }

    /** Parses one element: {@code ADDR}, {@code FIRST-LAST} or {@code ADDR/PREFIX}. */
    public static IpRange parse(String element) {
        String text = element.trim();
        int dash = text.indexOf('-');
        if (dash >= 0) {
            return new IpRange(IpAddress.parse(text.substring(0, dash).trim()),
                    IpAddress.parse(text.substring(dash + 1).trim()));
        }
        if (text.indexOf('/') >= 0) {
            InterfaceAddress block = InterfaceAddress.parse(text);
            return new IpRange(block.network(), block.last());
        }
        IpAddress address = IpAddress.parse(text);
        return new IpRange(address, address);
    }

    public IpFamily family() {
        return first.family();
    }

    /** Whether the address {@code high}:{@code low} of {@code family} lies in the range. */
    public boolean contains(IpFamily family, long high, long low) {
        if (family != first.family()) {
            return false;
        }
        return compare(high, low, first.high(), first.low()) >= 0 && compare(high, low, last.high(), last.low()) <= 0;
    }

    /**
     * Whether this range is narrower than {@code other}: it holds fewer addresses (compared as the unsigned 128-bit
     * difference last - first).
     */
    public boolean isNarrowerThan(IpRange other) {
        long high = last.high() - first.high() - (Long.compareUnsigned(last.low(), first.low()) < 0 ? 1 : 0);
        long low = last.low() - first.low();
        long otherHigh = other.last.high() - other.first.high()
                - (Long.compareUnsigned(other.last.low(), other.first.low()) < 0 ? 1 : 0);
        long otherLow = other.last.low() - other.first.low();
        return compare(high, low, otherHigh, otherLow) < 0;
    }

    private static int compare(long highA, long lowA, long highB, long lowB) {
        int byHigh = Long.compareUnsigned(highA, highB);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(lowA, lowB);
    }

    @Override
    public String toString() {
        return first.equals(last) ? first.toString() : first + "-" + last;
    }
}
