package io.tunstack.app.hosts;

import io.tunstack.stack.address.IpRange;
import io.tunstack.stack.profile.HostProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Some addresses and the profile they get: one {@code --host 'ADDRS WORDS...'}, one line of the config file's
 * {@code [hosts]} table, or one {@code PUT /hosts/ADDRS} of the control API.
 *
 * <p>ADDRS is an address list in the {@code --answer} syntax: elements separated by commas, each an address,
 * {@code FIRST-LAST} or {@code ADDR/PREFIX}; each element becomes one entry of the profile table. The profile is either
 * the name of a profile of the config file ({@code slow}) or profile words ({@code delay 50ms 10ms loss 5%}); no words
 * at all is a perfect host, which exempts its addresses from a wider range's profile.
 *
 * @param ranges the address ranges, as given
 * @param name what the profile is called in listings and metrics: the named profile's name, or the words in their
 *     canonical order, or {@value #PERFECT} for no words
 * @param profile the behaviour
 */
public record HostAssignment(List<IpRange> ranges, String name, HostProfile profile) {

    /** The name of a profile without any word. */
    public static final String PERFECT = "perfect";

    public HostAssignment {
        ranges = List.copyOf(ranges);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(profile, "profile");
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("no address");
        }
    }

    /**
     * Parses {@code ADDRS WORDS...} (the {@code --host} syntax): the addresses up to the first space, then the profile.
     *
     * @param named the named profiles the words may refer to by name
     * @throws IllegalArgumentException with a one-line message naming what is wrong
     */
    public static HostAssignment parse(String text, Map<String, HostProfile> named) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty (expected: 'ADDRS WORDS...', e.g. '172.21.22.30 delay 50ms')");
        }
        int space = indexOfWhitespace(trimmed);
        String addresses = space < 0 ? trimmed : trimmed.substring(0, space);
        String words = space < 0 ? "" : trimmed.substring(space + 1);
        return of(addresses, words, named);
    }

    /**
     * The assignment of the profile {@code profileText} (a name of {@code named}, or words) to {@code addresses}.
     *
     * @throws IllegalArgumentException with a one-line message naming what is wrong
     */
    public static HostAssignment of(String addresses, String profileText, Map<String, HostProfile> named) {
        List<IpRange> ranges = ranges(addresses);
        HostProfile profile = profile(profileText, named);
        String trimmed = profileText.trim();
        String words = profile.toString();
        return new HostAssignment(ranges, named.containsKey(trimmed) ? trimmed : words.isEmpty() ? PERFECT : words,
                profile);
    }

    /** Parses an address list in the {@code --answer} syntax into its ranges, one per element. */
    public static List<IpRange> ranges(String addresses) {
        List<IpRange> ranges = new ArrayList<>();
        for (String element : addresses.split(",", -1)) {
            if (element.isBlank()) {
                throw new IllegalArgumentException("empty address in '" + addresses
                        + "' (expected: ADDR, FIRST-LAST or ADDR/PREFIX, separated by commas)");
            }
            try {
                ranges.add(IpRange.parse(element));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + element.trim() + "': " + e.getMessage(), e);
            }
        }
        return ranges;
    }

    /** The profile that {@code text} means: the named profile of that name, or the words. */
    public static HostProfile profile(String text, Map<String, HostProfile> named) {
        String trimmed = text.trim();
        HostProfile byName = named.get(trimmed);
        if (byName != null) {
            return byName;
        }
        try {
            return HostProfile.parse(trimmed);
        } catch (IllegalArgumentException e) {
            if (indexOfWhitespace(trimmed) < 0 && !named.isEmpty()) {
                throw new IllegalArgumentException(e.getMessage() + "; nor a named profile (" + String.join(", ",
                        named.keySet()) + ")", e);
            }
            throw e;
        }
    }

    /**
     * Whether {@code name} can name a profile: letters, digits, {@code -} and {@code _}, starting with a letter, and
     * not itself a profile word (so that {@code --host '172.21.22.30 down'} can only mean the word).
     */
    public static void checkProfileName(String name) {
        if (!name.matches("[A-Za-z][A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("'" + name + "' cannot name a profile (expected: letters, digits, - and"
                    + " _, starting with a letter)");
        }
        if (name.equals(PERFECT) || isProfileWord(name)) {
            throw new IllegalArgumentException("'" + name + "' cannot name a profile: it is a profile word itself");
        }
    }

    /** Whether the stack's parser knows {@code word}: it parses, or it fails for a missing value, not as unknown. */
    private static boolean isProfileWord(String word) {
        try {
            HostProfile.parse(word);
            return true;
        } catch (IllegalArgumentException e) {
            return !e.getMessage().contains("unknown word");
        }
    }

    /** {@code slow (delay 200ms)}, or the words alone when they are the name. */
    public static String describe(String name, HostProfile profile) {
        String words = profile.toString();
        return name.equals(words) || words.isEmpty() ? name : name + " (" + words + ")";
    }

    private static int indexOfWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** {@code 172.21.22.30,172.21.22.40/29 slow}: the {@code --host} syntax, which {@link #parse} reads back. */
    @Override
    public String toString() {
        List<String> elements = new ArrayList<>();
        ranges.forEach(range -> elements.add(range.toString()));
        return String.join(",", elements) + (name.equals(PERFECT) ? "" : " " + name);
    }
}
