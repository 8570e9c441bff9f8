package io.tunstack.app.observe;

import io.tunstack.stack.verdict.Answer;
import java.util.Locale;

/** Numbers with their nouns for people, in the singular for 1: {@code 1 packet read}, {@code 2 echo replies}. */
public final class Counted {

    private Counted() {
    }

    /** {@code count} and {@code singular}, or {@code plural} unless count is 1. */
    public static String of(long count, String singular, String plural) {
        return count + " " + (count == 1 ? singular : plural);
    }

    /**
     * {@code count} messages of {@code kind}: {@code 1 ICMP echo reply}, {@code 3 ICMP echo replies},
     * {@code 2 ICMP parameter problems}, {@code 2 ICMP destination unreachable messages}, {@code 2 TCP resets},
     * {@code 2 TCP SYN+ACKs}, {@code 2 ARP replies}, {@code 2 ICMPv6 neighbor advertisements}.
     */
    public static String of(long count, Answer kind) {
        String singular = kind.description();
        return of(count, singular, plural(singular));
    }

    private static String plural(String noun) {
        String lower = noun.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tcp ")) {
            return noun + "s"; // a segment is named by its flags or its kind: TCP resets, TCP FINs
        }
        if (lower.endsWith("reply")) {
            return noun.substring(0, noun.length() - 1) + "ies";
        }
        if (lower.endsWith("problem") || lower.endsWith("advertisement")) {
            return noun + "s";
        }
        return noun + " messages";
    }
}
