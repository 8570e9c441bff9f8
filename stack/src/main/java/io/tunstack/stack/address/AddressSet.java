package io.tunstack.stack.address;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * An immutable set of IP addresses of both families, as sorted, disjoint, non-adjacent ranges per family: the
 * addresses tunstack answers for ({@code --answer}). Membership is a binary search over primitives and allocates
 * nothing, so the packet path asks it once per datagram.
 *
 * <p>Text ({@link #parse}): comma-separated elements of either family, each an address ({@code 172.21.22.30},
 * {@code fd00:172:21:22::30}), an inclusive range ({@code 172.21.22.30-172.21.22.40}) or a CIDR block
 * ({@code 172.21.22.0/28}, {@code fd00:172:21:22::/120}).
 */
public final class AddressSet {

    private static final AddressSet EMPTY = new AddressSet(Ranges.EMPTY, Ranges.EMPTY);

    private final Ranges ipv4;
    private final Ranges ipv6;

    private AddressSet(Ranges ipv4, Ranges ipv6) {
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    public static AddressSet empty() {
        return EMPTY;
    }

    /** The addresses from {@code first} to {@code last} inclusive (empty when last is before first). */
    public static AddressSet ofRange(IpAddress first, IpAddress last) {
        if (first.family() != last.family()) {
            throw new IllegalArgumentException("range of two families: " + first + "-" + last);
        }
        if (first.compareTo(last) > 0) {
            return EMPTY;
        }
        List<IpAddress[]> one = new ArrayList<>();
        one.add(new IpAddress[] {first, last});
        Ranges ranges = Ranges.of(one);
        return first.isIpv4() ? new AddressSet(ranges, Ranges.EMPTY) : new AddressSet(Ranges.EMPTY, ranges);
    }

    /**
     * Parses a comma-separated list (see the class comment).
     *
     * @throws IllegalArgumentException naming the element that is wrong and why
     */
    public static AddressSet parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty address list (expected: ADDR, ADDR-ADDR or ADDR/PREFIX, ...)");
        }
        List<IpAddress[]> v4 = new ArrayList<>();
        List<IpAddress[]> v6 = new ArrayList<>();
        for (String raw : spec.split(",", -1)) {
            String element = raw.trim();
            IpAddress[] range;
            try {
                range = parseElement(element);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "invalid address list element '" + element + "': " + e.getMessage(), e);
            }
            (range[0].isIpv4() ? v4 : v6).add(range);
        }
        return new AddressSet(Ranges.of(v4), Ranges.of(v6));
    }

    private static IpAddress[] parseElement(String element) {
        IpRange range = IpRange.parse(element);
        return new IpAddress[] {range.first(), range.last()};
    }

    /** Whether the IPv4 address {@code address} is in the set. */
    public boolean containsIpv4(int address) {
        return ipv4.containsLow(Integer.toUnsignedLong(address));
    }

    /** Whether the IPv6 address {@code high}:{@code low} is in the set. */
    public boolean containsIpv6(long high, long low) {
        return ipv6.contains(high, low);
    }

    public boolean contains(IpAddress address) {
        return (address.isIpv4() ? ipv4 : ipv6).contains(address.high(), address.low());
    }

    public boolean isEmpty() {
        return ipv4.isEmpty() && ipv6.isEmpty();
    }

    /** Whether the set holds no address of {@code family}. */
    public boolean isEmpty(IpFamily family) {
        return ranges(family).isEmpty();
    }

    /** The lowest address of {@code family} in the set. */
    public IpAddress first(IpFamily family) {
        Ranges ranges = ranges(family);
        if (ranges.isEmpty()) {
            throw new NoSuchElementException("no " + family + " address in the set");
        }
        return IpAddress.of(family, ranges.firstHigh[0], ranges.firstLow[0]);
    }

    /** The addresses of {@code family} only. */
    public AddressSet only(IpFamily family) {
        return family == IpFamily.IPV4 ? new AddressSet(ipv4, Ranges.EMPTY) : new AddressSet(Ranges.EMPTY, ipv6);
    }

    /** This set and {@code other} together. */
    public AddressSet union(AddressSet other) {
        return new AddressSet(ipv4.union(other.ipv4, IpFamily.IPV4), ipv6.union(other.ipv6, IpFamily.IPV6));
    }

    /** The addresses of this set that are not in {@code other}. */
    public AddressSet minus(AddressSet other) {
        return new AddressSet(ipv4.minus(other.ipv4, IpFamily.IPV4), ipv6.minus(other.ipv6, IpFamily.IPV6));
    }

    /** This set without {@code address}. */
    public AddressSet without(IpAddress address) {
        if (!contains(address)) {
            return this;
        }
        Ranges without = ranges(address.family()).without(address);
        return address.isIpv4() ? new AddressSet(without, ipv6) : new AddressSet(ipv4, without);
    }

    /**
     * The fewest CIDR blocks that together hold exactly this set, IPv4 first, each family in order: what a routing
     * table needs to send this set somewhere. {@code 10.9.0.0-10.9.255.255} is {@code 10.9.0.0/16};
     * {@code 10.9.0.1-10.9.0.6} is {@code 10.9.0.1/32, 10.9.0.2/31, 10.9.0.4/31, 10.9.0.6/32}. Each block is its
     * first address with its prefix length.
     */
    public List<InterfaceAddress> prefixes() {
        List<InterfaceAddress> blocks = new ArrayList<>();
        for (IpFamily family : IpFamily.values()) {
            for (IpAddress[] range : ranges(family).toList(family)) {
                addPrefixes(range[0], range[1], blocks);
            }
        }
        return blocks;
    }

    /**
     * Cuts {@code first..last} into the largest aligned blocks from the left: each block starts at {@code first}, is
     * as large as {@code first}'s trailing zero bits allow, and no larger than what is left of the range.
     */
    private static void addPrefixes(IpAddress first, IpAddress last, List<InterfaceAddress> blocks) {
        int bits = first.family().addressBits();
        BigInteger next = new BigInteger(1, first.toBytes());
        BigInteger end = new BigInteger(1, last.toBytes());
        while (next.compareTo(end) <= 0) {
            int alignment = next.signum() == 0 ? bits : next.getLowestSetBit();
            int fits = end.subtract(next).add(BigInteger.ONE).bitLength() - 1;
            int hostBits = Math.min(alignment, fits);
            blocks.add(new InterfaceAddress(fromBigInteger(next, first.family()), bits - hostBits));
            next = next.add(BigInteger.ONE.shiftLeft(hostBits));
        }
    }

    private static IpAddress fromBigInteger(BigInteger value, IpFamily family) {
        byte[] bytes = new byte[family.addressBits() / 8];
        byte[] magnitude = value.toByteArray(); // may carry a leading sign byte, or be shorter
        int copied = Math.min(magnitude.length, bytes.length);
        System.arraycopy(magnitude, magnitude.length - copied, bytes, bytes.length - copied, copied);
        return IpAddress.fromBytes(bytes);
    }

    private Ranges ranges(IpFamily family) {
        return family == IpFamily.IPV4 ? ipv4 : ipv6;
    }

    /** The set in {@link #parse} syntax, IPv4 ranges first; the empty string for the empty set. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        ipv4.appendTo(text, IpFamily.IPV4);
        ipv6.appendTo(text, IpFamily.IPV6);
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressSet && ipv4.equals(((AddressSet) other).ipv4)
                && ipv6.equals(((AddressSet) other).ipv6);
    }

    @Override
    public int hashCode() {
        return 31 * ipv4.hashCode() + ipv6.hashCode();
    }

    /** Sorted, merged ranges of 128-bit unsigned values (IPv4 uses the low 32 bits), as parallel primitive arrays. */
    private static final class Ranges {
        static final Ranges EMPTY = new Ranges(new long[0], new long[0], new long[0], new long[0]);

        final long[] firstHigh;
        final long[] firstLow;
        final long[] lastHigh;
        final long[] lastLow;

        private Ranges(long[] firstHigh, long[] firstLow, long[] lastHigh, long[] lastLow) {
            this.firstHigh = firstHigh;
            this.firstLow = firstLow;
            this.lastHigh = lastHigh;
            this.lastLow = lastLow;
        }

        /** Sorts and merges overlapping or adjacent {first, last} pairs of one family. */
        static Ranges of(List<IpAddress[]> ranges) {
            if (ranges.isEmpty()) {
                return EMPTY;
            }
            List<IpAddress[]> sorted = new ArrayList<>(ranges);
            sorted.sort(Comparator.comparing((IpAddress[] range) -> range[0]));
            List<IpAddress[]> merged = new ArrayList<>();
            for (IpAddress[] range : sorted) {
                IpAddress[] previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
                // A range that ends at the family's last address contains every later one (plus(1) would wrap).
                if (previous != null && (isAllOnes(previous[1]) || range[0].compareTo(previous[1].plus(1)) <= 0)) {
                    if (range[1].compareTo(previous[1]) > 0) {
                        previous[1] = range[1];
                    }
                } else {
                    merged.add(new IpAddress[] {range[0], range[1]});
                }
            }
            int count = merged.size();
            long[] fh = new long[count];
            long[] fl = new long[count];
            long[] lh = new long[count];
            long[] ll = new long[count];
            for (int i = 0; i < count; i++) {
                fh[i] = merged.get(i)[0].high();
                fl[i] = merged.get(i)[0].low();
                lh[i] = merged.get(i)[1].high();
                ll[i] = merged.get(i)[1].low();
            }
            return new Ranges(fh, fl, lh, ll);
        }

        private static boolean isAllOnes(IpAddress address) {
            return address.isIpv4() ? address.ipv4() == -1 : address.high() == -1 && address.low() == -1;
        }

        boolean isEmpty() {
            return firstLow.length == 0;
        }

        boolean contains(long high, long low) {
            int from = 0;
            int to = firstLow.length - 1;
            while (from <= to) {
                int middle = (from + to) >>> 1;
                if (compare(high, low, firstHigh[middle], firstLow[middle]) < 0) {
                    to = middle - 1;
                } else if (compare(high, low, lastHigh[middle], lastLow[middle]) > 0) {
                    from = middle + 1;
                } else {
                    return true;
                }
            }
            return false;
        }

        /**
         * {@link #contains} for IPv4 ranges, whose high halves are all 0 and whose low halves are below 2^32: a plain
         * comparison of the low halves, as cheap as the IPv4-only set it replaced (the echo path asks it per packet).
         */
        boolean containsLow(long low) {
            int from = 0;
            int to = firstLow.length - 1;
            while (from <= to) {
                int middle = (from + to) >>> 1;
                if (low < firstLow[middle]) {
                    to = middle - 1;
                } else if (low > lastLow[middle]) {
                    from = middle + 1;
                } else {
                    return true;
                }
            }
            return false;
        }

        private static int compare(long aHigh, long aLow, long bHigh, long bLow) {
            int byHigh = Long.compareUnsigned(aHigh, bHigh);
            return byHigh != 0 ? byHigh : Long.compareUnsigned(aLow, bLow);
        }

        List<IpAddress[]> toList(IpFamily family) {
            List<IpAddress[]> list = new ArrayList<>();
            for (int i = 0; i < firstLow.length; i++) {
                list.add(new IpAddress[] {IpAddress.of(family, firstHigh[i], firstLow[i]),
                    IpAddress.of(family, lastHigh[i], lastLow[i])});
            }
            return list;
        }

        Ranges union(Ranges other, IpFamily family) {
            List<IpAddress[]> all = toList(family);
            all.addAll(other.toList(family));
            return of(all);
        }

        Ranges minus(Ranges other, IpFamily family) {
            List<IpAddress[]> kept = toList(family);
            for (IpAddress[] removed : other.toList(family)) {
                List<IpAddress[]> next = new ArrayList<>();
                for (IpAddress[] range : kept) {
                    if (removed[1].compareTo(range[0]) < 0 || removed[0].compareTo(range[1]) > 0) {
                        next.add(range);
                        continue;
                    }
                    if (range[0].compareTo(removed[0]) < 0) {
                        next.add(new IpAddress[] {range[0], removed[0].plus(-1)});
                    }
                    if (removed[1].compareTo(range[1]) < 0) {
                        next.add(new IpAddress[] {removed[1].plus(1), range[1]});
                    }
                }
                kept = next;
            }
            return of(kept);
        }

        Ranges without(IpAddress address) {
            List<IpAddress[]> kept = new ArrayList<>();
            for (IpAddress[] range : toList(address.family())) {
                if (address.compareTo(range[0]) < 0 || address.compareTo(range[1]) > 0) {
                    kept.add(range);
                    continue;
                }
                if (range[0].compareTo(address) < 0) {
                    kept.add(new IpAddress[] {range[0], address.plus(-1)});
                }
                if (address.compareTo(range[1]) < 0) {
                    kept.add(new IpAddress[] {address.plus(1), range[1]});
                }
            }
            return of(kept);
        }

        void appendTo(StringBuilder text, IpFamily family) {
            for (IpAddress[] range : toList(family)) {
                if (text.length() > 0) {
                    text.append(',');
                }
                text.append(range[0]);
                if (!range[1].equals(range[0])) {
                    text.append('-').append(range[1]);
                }
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Ranges && Arrays.equals(firstHigh, ((Ranges) other).firstHigh)
                    && Arrays.equals(firstLow, ((Ranges) other).firstLow)
                    && Arrays.equals(lastHigh, ((Ranges) other).lastHigh)
                    && Arrays.equals(lastLow, ((Ranges) other).lastLow);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(firstLow) * 31 + Arrays.hashCode(lastLow);
        }
    }
}
