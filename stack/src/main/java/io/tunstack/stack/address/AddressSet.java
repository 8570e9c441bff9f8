package io.tunstack.stack.address;

import java.util.Arrays;

/**
 * An immutable set of IPv4 addresses, as ranges; {@link #contains} does not allocate.
 *
 * <p>The ranges are kept sorted, disjoint and non-adjacent (merged), as unsigned values, so that {@link #contains} is
 * a binary search and {@link #toString} is canonical.
 */
public final class AddressSet {

    private static final AddressSet EMPTY = new AddressSet(new long[0], new long[0]);

    /** First address of each range, unsigned, ascending. */
    private final long[] firsts;
    /** Last address of each range (inclusive), unsigned. */
    private final long[] lasts;

    private AddressSet(long[] firsts, long[] lasts) {
        this.firsts = firsts;
        this.lasts = lasts;
    }

    /** The set with no address. */
    public static AddressSet empty() {
        return EMPTY;
    }

    /** The addresses from {@code first} to {@code last}, both included; empty when last is below first (unsigned). */
    public static AddressSet ofRange(int first, int last) {
        if (Integer.compareUnsigned(first, last) > 0) {
            return EMPTY;
        }
        return new AddressSet(new long[] {Integer.toUnsignedLong(first)}, new long[] {Integer.toUnsignedLong(last)});
    }

    /**
     * Parses a comma-separated list of single addresses ({@code 10.0.0.5}), ranges ({@code 10.0.0.5-10.0.0.9}) and
     * CIDR blocks ({@code 10.0.0.0/29}).
     *
     * @throws IllegalArgumentException with a one-line message naming the bad element
     */
    public static AddressSet parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty address list (expected: ADDR, ADDR-ADDR or ADDR/PREFIX, ...)");
        }
        String[] elements = spec.split(",", -1);
        long[] firsts = new long[elements.length];
        long[] lasts = new long[elements.length];
        for (int i = 0; i < elements.length; i++) {
            String element = elements[i].trim();
            try {
                parseElement(element, firsts, lasts, i);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "invalid address list element '" + element + "': " + e.getMessage(), e);
            }
        }
        return normalized(firsts, lasts);
    }

    private static void parseElement(String element, long[] firsts, long[] lasts, int i) {
        int dash = element.indexOf('-');
        int slash = element.indexOf('/');
        if (dash >= 0) {
            long first = Integer.toUnsignedLong(Ipv4Address.parse(element.substring(0, dash).trim()));
            long last = Integer.toUnsignedLong(Ipv4Address.parse(element.substring(dash + 1).trim()));
            if (first > last) {
                throw new IllegalArgumentException("range ends before it starts");
            }
            firsts[i] = first;
            lasts[i] = last;
        } else if (slash >= 0) {
            int address = Ipv4Address.parse(element.substring(0, slash).trim());
            int prefixLength = parsePrefixLength(element.substring(slash + 1).trim());
            int network = Ipv4Address.network(address, prefixLength);
            firsts[i] = Integer.toUnsignedLong(network);
            lasts[i] = Integer.toUnsignedLong(network | ~Ipv4Address.netmask(prefixLength));
        } else {
            firsts[i] = Integer.toUnsignedLong(Ipv4Address.parse(element));
            lasts[i] = firsts[i];
        }
    }

    private static int parsePrefixLength(String text) {
        if (text.isEmpty() || text.length() > 2 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("prefix length '" + text + "' (expected: 0..32)");
        }
        int prefixLength = Integer.parseInt(text);
        if (prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " (expected: 0..32)");
        }
        return prefixLength;
    }

    /** Sorts and merges overlapping or adjacent ranges. */
    private static AddressSet normalized(long[] firsts, long[] lasts) {
        Integer[] order = new Integer[firsts.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(firsts[a], firsts[b]));
        long[] mergedFirsts = new long[firsts.length];
        long[] mergedLasts = new long[firsts.length];
        int count = 0;
        for (int index : order) {
            if (count > 0 && firsts[index] <= mergedLasts[count - 1] + 1) {
                mergedLasts[count - 1] = Math.max(mergedLasts[count - 1], lasts[index]);
            } else {
                mergedFirsts[count] = firsts[index];
                mergedLasts[count] = lasts[index];
                count++;
            }
        }
        if (count == 0) {
            return EMPTY;
        }
        return new AddressSet(Arrays.copyOf(mergedFirsts, count), Arrays.copyOf(mergedLasts, count));
    }

    /** Whether {@code address} (an IPv4 address as an int) is in the set. */
    public boolean contains(int address) {
        long value = Integer.toUnsignedLong(address);
        int low = 0;
        int high = firsts.length - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (value < firsts[middle]) {
                high = middle - 1;
            } else if (value > lasts[middle]) {
                low = middle + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** Whether the set has no address. */
    public boolean isEmpty() {
        return firsts.length == 0;
    }

    /**
     * The lowest address in the set.
     *
     * @throws java.util.NoSuchElementException when the set is empty
     */
    public int first() {
        if (firsts.length == 0) {
            throw new java.util.NoSuchElementException("empty address set");
        }
        return (int) firsts[0];
    }

    /** This set without {@code address}. */
    public AddressSet without(int address) {
        if (!contains(address)) {
            return this;
        }
        long value = Integer.toUnsignedLong(address);
        long[] newFirsts = new long[firsts.length + 1];
        long[] newLasts = new long[firsts.length + 1];
        int count = 0;
        for (int i = 0; i < firsts.length; i++) {
            if (value < firsts[i] || value > lasts[i]) {
                newFirsts[count] = firsts[i];
                newLasts[count++] = lasts[i];
                continue;
            }
            if (firsts[i] < value) {
                newFirsts[count] = firsts[i];
                newLasts[count++] = value - 1;
            }
            if (value < lasts[i]) {
                newFirsts[count] = value + 1;
                newLasts[count++] = lasts[i];
            }
        }
        return normalized(Arrays.copyOf(newFirsts, count), Arrays.copyOf(newLasts, count));
    }

    /**
     * The canonical text form, parseable by {@link #parse}: sorted, merged, {@code a} or {@code a-b} per range. The
     * empty set prints as an empty string.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < firsts.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(Ipv4Address.format((int) firsts[i]));
            if (lasts[i] != firsts[i]) {
                text.append('-').append(Ipv4Address.format((int) lasts[i]));
            }
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressSet && Arrays.equals(firsts, ((AddressSet) other).firsts)
                && Arrays.equals(lasts, ((AddressSet) other).lasts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(firsts) + Arrays.hashCode(lasts);
    }
}
