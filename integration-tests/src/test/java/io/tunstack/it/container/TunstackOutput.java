package io.tunstack.it.container;

/**
 * The lines of tunstack's output that the container tests wait for and look at, as regular expressions matched
 * against one log line.
 *
 * <p>The wording belongs to the app module ({@code io.tunstack.app}); these patterns follow it and are the one
 * place to update when it changes.
 */
final class TunstackOutput {

    private TunstackOutput() {}

    /** The one line logged when the device is up and echo requests are answered, e.g. "tunstack ready on tun0 ...". */
    static final String READY = ".*tunstack ready.*";

    /** The exit summary printed after SIGINT or SIGTERM: packets read, replies written, drops by reason. */
    static final String SUMMARY = ".*\\d+ packets read.*";

    /** The capability that the one-line error names when tunstack may not create or configure its device. */
    static final String MISSING_CAPABILITY = "NET_ADMIN";

    /** A line that belongs to a Java stack trace, which a user must never see. */
    static final String STACK_TRACE_LINE = "\\s+at [\\w$.]+\\(.*\\)|Caused by: .*|Exception in thread .*";
}
