package io.tunstack.it.hostile;

import io.tunstack.stack.DropReason;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The summary tunstack prints when SIGTERM stops it: packets read, replies written, drops by reason. Drops are
 * found by each {@link DropReason#label()} followed by its count ("ipv4-bad-header-checksum: 3" or "= 3"); a reason
 * the summary does not list counts 0.
 */
final class ExitSummary {

    private final String text;

    ExitSummary(String text) {
        this.text = text;
    }

    /** How many packets were dropped for the reason with this label. */
    long dropped(String label) {
        Matcher m = Pattern.compile("(?<![a-z0-9-])" + Pattern.quote(label) + "(?![a-z0-9-])\\W{0,8}?(\\d+)")
            .matcher(text);
        long count = 0;
        while (m.find()) {
            count = Math.max(count, Long.parseLong(m.group(1)));
        }
        return count;
    }

    long dropped(DropReason reason) {
        return dropped(reason.label());
    }

    /** Drops over every reason the stack knows. */
    long droppedTotal() {
        long total = 0;
        for (DropReason reason : DropReason.values()) {
            total += dropped(reason);
        }
        return total;
    }

    /** The reasons with a non-zero count, for failure messages: "ipv4-bad-ihl=1, icmp-bad-checksum=2". */
    String drops() {
        StringBuilder out = new StringBuilder();
        for (DropReason reason : DropReason.values()) {
            long n = dropped(reason);
            if (n > 0) {
                out.append(out.length() == 0 ? "" : ", ").append(reason.label()).append('=').append(n);
            }
        }
        return out.length() == 0 ? "no drops" : out.toString();
    }

    String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
