package io.tunstack.it.container;

import java.util.regex.Pattern;

/**
 * The lines of tunstack's output that the container tests wait for and look at, as regular expressions matched
 * against one log line.
 *
 * <p>The wording belongs to the app module ({@code io.tunstack.app}); these patterns follow it and are the one
 * place to update when it changes.
 */
final class TunstackOutput {

    private TunstackOutput() {}

    /**
     * The one line logged when the device is up and echo requests are answered, e.g.
     * "INFO tunstack ready on tun0 (172.21.22.23/24, mtu 1500, 1 queue): answering 172.21.22.1-172.21.22.22,...".
     */
    static final String READY = ".*tunstack ready on .*";

    /**
     * The exit summary printed after SIGINT or SIGTERM, e.g. "tunstack stopped: 2 packets read: 2 answered, 0 dropped,
     * 0 held; 2 packets written, 0 device errors"; group {@code replies} is the number of packets answered (echo
     * replies, in these tests).
     */
    static final Pattern SUMMARY =
            Pattern.compile(".*tunstack stopped: \\d+ packets? read: (?<replies>\\d+) answered.*");

    /** The one-line error's hint inside a container when tunstack may not create its device: a docker run option. */
    static final String MISSING_CAPABILITY = "start the container with --cap-add NET_ADMIN";

    /** The one-line error's hint inside a container when {@code --user} cannot give root up: a docker run option. */
    static final String MISSING_SETUID = "start the container with --cap-add SETUID --cap-add SETGID";

    /** A line that belongs to a Java stack trace, which a user must never see. */
    static final String STACK_TRACE_LINE = "\\s+at [\\w$.]+\\(.*\\)|Caused by: .*|Exception in thread .*";
}
