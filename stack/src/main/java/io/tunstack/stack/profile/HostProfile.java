package io.tunstack.stack.profile;

import io.tunstack.stack.address.MacAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How one virtual host behaves, in the words {@code tc netem} users know plus a few of tunstack's own, e.g.
 * {@code delay 50ms 10ms 25% distribution normal loss 5% duplicate 1% ttl 128 hops 3}. A profile without any word is
 * a perfect host. Immutable; {@link #parse} reads the words and {@link #toString} writes them back in a canonical
 * order, so that the one reads what the other wrote.
 *
 * @param delayNanos the mean delay added to each answer ({@code delay TIME})
 * @param jitterNanos how far a delay may stray from the mean ({@code delay TIME JITTER}); answers are reordered by it,
 *     as netem reorders them
 * @param delayCorrelation how much each delay's random part follows the previous one's, 0..1 ({@code delay TIME
 *     JITTER CORRELATION%})
 * @param distribution how the jitter is drawn ({@code distribution NAME}); uniform unless said
 * @param loss the chance that an answer is lost, 0..1 ({@code loss PERCENT})
 * @param lossCorrelation how much each loss decision follows the previous one, 0..1 ({@code loss PERCENT
 *     CORRELATION%})
 * @param duplicate the chance that an answer is sent twice, 0..1 ({@code duplicate PERCENT})
 * @param down no answer at all, not even an error ({@code down})
 * @param unreachable ICMP Host Unreachable from the subnet's first address instead of any answer
 *     ({@code unreachable})
 * @param flapUpNanos with {@link #flapDownNanos}: the host alternates, up this long, then down ({@code flap UP DOWN});
 *     0 when it does not flap
 * @param flapDownNanos the down part of a flap
 * @param ttl the TTL or hop limit the host's answers leave with, 1..255, or 0 for the stack's 64 ({@code ttl N})
 * @param hops how many virtual routers stand between the link and the host, 0..{@value #MAX_HOPS} ({@code hops N})
 * @param ratePerSecond the most answers a second the host sends, or 0 for no limit ({@code rate N/s})
 * @param broadcast whether the host also answers echo to the subnet broadcast or all-nodes ({@code broadcast})
 * @param mac the host's MAC address in TAP mode ({@code mac 02:11:22:33:44:55}), a unicast one; {@code null} for the
 *     address derived from the host's IP address
 */
public record HostProfile(long delayNanos, long jitterNanos, double delayCorrelation, DelayDistribution distribution,
        double loss, double lossCorrelation, double duplicate, boolean down, boolean unreachable, long flapUpNanos,
        long flapDownNanos, int ttl, int hops, int ratePerSecond, boolean broadcast, MacAddress mac) {

    /** The most virtual routers in front of a host (traceroute's default maximum is 30). */
    public static final int MAX_HOPS = 30;

    /** A perfect host: no word at all. */
    public static final HostProfile PERFECT = new HostProfile(0, 0, 0, DelayDistribution.UNIFORM, 0, 0, 0, false,
            false, 0, 0, 0, 0, 0, false, null);

    public HostProfile {
        if (delayNanos < 0 || jitterNanos < 0 || flapUpNanos < 0 || flapDownNanos < 0) {
            throw new IllegalArgumentException("negative time in a profile");
        }
        checkFraction("delay correlation", delayCorrelation);
        checkFraction("loss", loss);
        checkFraction("loss correlation", lossCorrelation);
        checkFraction("duplicate", duplicate);
        if (distribution == null) {
            throw new IllegalArgumentException("distribution: null");
        }
        if ((flapUpNanos == 0) != (flapDownNanos == 0)) {
            throw new IllegalArgumentException("flap needs both an up and a down time, each above 0");
        }
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("ttl " + ttl + " (expected: 1..255)");
        }
        if (hops < 0 || hops > MAX_HOPS) {
            throw new IllegalArgumentException("hops " + hops + " (expected: 1.." + MAX_HOPS + ")");
        }
        if (ratePerSecond < 0) {
            throw new IllegalArgumentException("rate " + ratePerSecond + "/s (expected: 1/s or more)");
        }
        if (mac != null && mac.isMulticast()) {
            throw multicastMac(mac.toString());
        }
    }

    /** A host's MAC identifies one station; a group address (the I/G bit set) would be every member's. */
    private static IllegalArgumentException multicastMac(String text) {
        return new IllegalArgumentException("'" + text + "' is a multicast MAC address (expected: mac UNICAST, the"
                + " first byte even, e.g. mac 02:11:22:33:44:55)");
    }

    private static void checkFraction(String what, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(what + " " + value * 100 + "% (expected: 0%..100%)");
        }
    }

    /** Whether answers wait: a delay or a jitter. */
    public boolean delays() {
        return delayNanos > 0 || jitterNanos > 0;
    }

    /** Whether the host flaps. */
    public boolean flaps() {
        return flapUpNanos > 0;
    }

    /**
     * Reads profile words, e.g. {@code delay 50ms 10ms loss 5% 25% ttl 128}. Times take a unit ({@code us}, {@code ms},
     * {@code s}, {@code m}); percentages may omit the {@code %}. A word given twice keeps its last value.
     *
     * @throws IllegalArgumentException naming the word that is wrong and what was expected
     */
    public static HostProfile parse(String words) {
        Builder b = new Builder();
        List<String> tokens = tokens(words);
        for (int i = 0; i < tokens.size(); i++) {
            String word = tokens.get(i);
            switch (word.toLowerCase(Locale.ROOT)) {
                case "delay":
                    b.delay = time(tokens, ++i, "delay TIME");
                    if (isNumberAt(tokens, i + 1)) {
                        b.jitter = time(tokens, ++i, "delay TIME JITTER");
                        if (isNumberAt(tokens, i + 1)) {
                            b.delayCorrelation = percent(tokens, ++i, "delay TIME JITTER CORRELATION%");
                        }
                    }
                    break;
                case "distribution":
                    b.distribution = distribution(tokens, ++i);
                    break;
                case "loss":
                    b.loss = percent(tokens, ++i, "loss PERCENT");
                    if (isNumberAt(tokens, i + 1)) {
                        b.lossCorrelation = percent(tokens, ++i, "loss PERCENT CORRELATION%");
                    }
                    break;
                case "duplicate":
                    b.duplicate = percent(tokens, ++i, "duplicate PERCENT");
                    break;
                case "down":
                    b.down = true;
                    break;
                case "unreachable":
                    b.unreachable = true;
                    break;
                case "flap":
                    b.flapUp = time(tokens, ++i, "flap UP DOWN");
                    b.flapDown = time(tokens, ++i, "flap UP DOWN");
                    if (b.flapUp == 0 || b.flapDown == 0) {
                        throw new IllegalArgumentException("'flap': both times must be above 0 (expected: flap UP"
                                + " DOWN, e.g. flap 30s 10s)");
                    }
                    break;
                case "ttl":
                    b.ttl = integer(tokens, ++i, "ttl N", 1, 255);
                    break;
                case "hops":
                    b.hops = integer(tokens, ++i, "hops N", 1, MAX_HOPS);
                    break;
                case "rate":
                    b.rate = rate(tokens, ++i);
                    break;
                case "broadcast":
                    b.broadcast = true;
                    break;
                case "mac":
                    b.mac = mac(tokens, ++i);
                    break;
                default:
                    throw new IllegalArgumentException("'" + word + "': unknown word (expected: delay, distribution,"
                            + " loss, duplicate, down, unreachable, flap, ttl, hops, rate, broadcast or mac)");
            }
        }
        if (b.down && b.unreachable) {
            throw new IllegalArgumentException("'down' and 'unreachable' together: a host is one or the other");
        }
        return new HostProfile(b.delay, b.jitter, b.delayCorrelation, b.distribution, b.loss, b.lossCorrelation,
                b.duplicate, b.down, b.unreachable, b.flapUp, b.flapDown, b.ttl, b.hops, b.rate, b.broadcast, b.mac);
    }

    private static final class Builder {
        long delay;
        long jitter;
        double delayCorrelation;
        DelayDistribution distribution = DelayDistribution.UNIFORM;
        double loss;
        double lossCorrelation;
        double duplicate;
        boolean down;
        boolean unreachable;
        long flapUp;
        long flapDown;
        int ttl;
        int hops;
        int rate;
        boolean broadcast;
        MacAddress mac;
    }

    private static List<String> tokens(String words) {
        List<String> tokens = new ArrayList<>();
        for (String token : words.trim().split("\\s+")) {
            if (!token.isEmpty()) {
                tokens.add(token);
            }
        }
        return tokens;
    }

    private static String at(List<String> tokens, int i, String expected) {
        if (i >= tokens.size()) {
            throw new IllegalArgumentException("'" + tokens.get(i - 1) + "' needs a value (expected: " + expected
                    + ")");
        }
        return tokens.get(i);
    }

    private static boolean isNumberAt(List<String> tokens, int i) {
        return i < tokens.size() && !tokens.get(i).isEmpty() && (Character.isDigit(tokens.get(i).charAt(0))
                || tokens.get(i).charAt(0) == '.');
    }

    /** A time with its unit: {@code 250us}, {@code 50ms}, {@code 1.5s}, {@code 2m}. */
    static long time(List<String> tokens, int i, String expected) {
        String text = at(tokens, i, expected).toLowerCase(Locale.ROOT);
        long unit;
        String number;
        if (text.endsWith("us")) {
            unit = TimeUnit.MICROSECONDS.toNanos(1);
            number = text.substring(0, text.length() - 2);
        } else if (text.endsWith("ms")) {
            unit = TimeUnit.MILLISECONDS.toNanos(1);
            number = text.substring(0, text.length() - 2);
        } else if (text.endsWith("s")) {
            unit = TimeUnit.SECONDS.toNanos(1);
            number = text.substring(0, text.length() - 1);
        } else if (text.endsWith("m")) {
            unit = TimeUnit.MINUTES.toNanos(1);
            number = text.substring(0, text.length() - 1);
        } else {
            throw new IllegalArgumentException("'" + tokens.get(i) + "': a time needs a unit (expected: " + expected
                    + ", e.g. 50ms, 1s)");
        }
        try {
            double value = Double.parseDouble(number);
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return Math.round(value * unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + tokens.get(i) + "' is not a time (expected: " + expected
                    + ", e.g. 50ms, 1s)");
        }
    }

    /** A percentage, {@code 5%} or {@code 5}, as a fraction. */
    static double percent(List<String> tokens, int i, String expected) {
        String text = at(tokens, i, expected);
        String number = text.endsWith("%") ? text.substring(0, text.length() - 1) : text;
        try {
            double value = Double.parseDouble(number);
            if (value >= 0 && value <= 100) {
                return value / 100;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException("'" + text + "' is not a percentage of 0 to 100 (expected: " + expected
                + ")");
    }

    private static int integer(List<String> tokens, int i, String expected, int min, int max) {
        String text = at(tokens, i, expected);
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException("'" + text + "' (expected: " + expected + ", N from " + min + " to "
                + max + ")");
    }

    private static int rate(List<String> tokens, int i) {
        String text = at(tokens, i, "rate N/s");
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.endsWith("/s")) {
            try {
                int value = Integer.parseInt(lower.substring(0, lower.length() - 2));
                if (value >= 1) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // named below
            }
        }
        throw new IllegalArgumentException("'" + text + "' (expected: rate N/s, e.g. rate 10/s)");
    }

    private static MacAddress mac(List<String> tokens, int i) {
        String text = at(tokens, i, "mac 02:11:22:33:44:55");
        MacAddress mac;
        try {
            mac = MacAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' (expected: mac XX:XX:XX:XX:XX:XX, six hex bytes, e.g."
                    + " mac 02:11:22:33:44:55)");
        }
        if (mac.isMulticast()) {
            throw multicastMac(text);
        }
        return mac;
    }

    private static DelayDistribution distribution(List<String> tokens, int i) {
        String text = at(tokens, i, "distribution normal|pareto|paretonormal|uniform");
        for (DelayDistribution distribution : DelayDistribution.values()) {
            if (distribution.word().equalsIgnoreCase(text)) {
                return distribution;
            }
        }
        throw new IllegalArgumentException("'" + text + "' (expected: distribution normal|pareto|paretonormal|uniform)");
    }

    /** The words, in a canonical order, that {@link #parse} reads back into this profile; empty for a perfect host. */
    @Override
    public String toString() {
        StringBuilder words = new StringBuilder();
        if (delays()) {
            words.append(" delay ").append(time(delayNanos));
            if (jitterNanos > 0 || delayCorrelation > 0) {
                words.append(' ').append(time(jitterNanos));
                if (delayCorrelation > 0) {
                    words.append(' ').append(percent(delayCorrelation));
                }
            }
        }
        if (distribution != DelayDistribution.UNIFORM) {
            words.append(" distribution ").append(distribution.word());
        }
        if (loss > 0) {
            words.append(" loss ").append(percent(loss));
            if (lossCorrelation > 0) {
                words.append(' ').append(percent(lossCorrelation));
            }
        }
        if (duplicate > 0) {
            words.append(" duplicate ").append(percent(duplicate));
        }
        if (down) {
            words.append(" down");
        }
        if (unreachable) {
            words.append(" unreachable");
        }
        if (flaps()) {
            words.append(" flap ").append(time(flapUpNanos)).append(' ').append(time(flapDownNanos));
        }
        if (ttl > 0) {
            words.append(" ttl ").append(ttl);
        }
        if (hops > 0) {
            words.append(" hops ").append(hops);
        }
        if (ratePerSecond > 0) {
            words.append(" rate ").append(ratePerSecond).append("/s");
        }
        if (broadcast) {
            words.append(" broadcast");
        }
        if (mac != null) {
            words.append(" mac ").append(mac);
        }
        return words.length() == 0 ? "" : words.substring(1);
    }

    private static String time(long nanos) {
        if (nanos % TimeUnit.SECONDS.toNanos(1) == 0 && nanos > 0) {
            return nanos / TimeUnit.SECONDS.toNanos(1) + "s";
        }
        if (nanos % TimeUnit.MILLISECONDS.toNanos(1) == 0) {
            return nanos / TimeUnit.MILLISECONDS.toNanos(1) + "ms";
        }
        return nanos / TimeUnit.MICROSECONDS.toNanos(1) + "us";
    }

    private static String percent(double fraction) {
        double value = fraction * 100;
        return (value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value)) + "%";
    }
}
