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

    /** {@code ping -6 ARGS}: ICMPv6 echo (RFC 4443), with the same options and the same statistics line. */
    public static PingResult ipv6(NetworkNamespace namespace, String... args) {
        List<String> command = new ArrayList<>(List.of("-6"));
        command.addAll(List.of(args));
        return run(namespace, command.toArray(String[]::new));
    }

    /** {@code ping -4 ARGS}: ICMP echo only, even for a name or an option that could mean either family. */
    public static PingResult ipv4(NetworkNamespace namespace, String... args) {
        List<String> command = new ArrayList<>(List.of("-4"));
        command.addAll(List.of(args));
        return run(namespace, command.toArray(String[]::new));
    }
}
