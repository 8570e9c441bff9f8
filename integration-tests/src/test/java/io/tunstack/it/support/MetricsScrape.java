package io.tunstack.it.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** tunstack's {@code --metrics} endpoint, scraped with curl inside the namespace, and the samples read from it. */
public final class MetricsScrape {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    /** How long {@link #until} keeps scraping: the stack counts asynchronously to the client's view. */
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private MetricsScrape() {
    }

    /** The URL of {@code --metrics PORT}: tunstack listens on 127.0.0.1 of its namespace. */
    public static String url(int port) {
        return "http://127.0.0.1:" + port + "/metrics";
    }

    /** Scrapes {@code url} inside {@code namespace} until the text satisfies {@code expected}, for 10 s at most. */
    public static String until(NetworkNamespace namespace, String url, Predicate<String> expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            CommandResult scrape = namespace.run(COMMAND_TIMEOUT, "curl", "-sS", "--max-time", "5", url);
            if (scrape.succeeded() && expected.test(scrape.output()) || System.nanoTime() > deadline) {
                assertTrue(scrape.succeeded(), scrape.describe());
                return scrape.output();
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** The value of the sample {@code series} (name and labels), or 0 when there is none. */
    public static long sampleOrZero(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\d+)$").matcher(metrics);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** The value of the sample {@code series} (name and labels); fails when there is none. */
    public static long sample(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\d+)$").matcher(metrics);
        assertTrue(m.find(), () -> "no sample " + series + " in:\n" + metrics);
        return Long.parseLong(m.group(1));
    }
}
