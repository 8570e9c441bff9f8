package io.tunstack.it.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs iputils {@code ping} inside a namespace, with a deadline, and parses what it reports. */
public final class Ping {

    /** Longer than any ping a test runs, the 20,000-packet flood included (about 2 s when all goes well). */
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private Ping() {
    }

    /** {@code ping ARGS} in {@code namespace}; the result whatever the exit status (100% loss exits with 1). */
    public static PingResult run(NetworkNamespace namespace, String... args) {
        List<String> command = new ArrayList<>(List.of("ping"));
        command.addAll(List.of(args));
        return PingResult.parse(namespace.run(TIMEOUT, command.toArray(String[]::new)));
    }
}
