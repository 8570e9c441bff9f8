package io.tunstack.it.support;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What iputils {@code ping} reported: {@code 4 packets transmitted, 4 received, 0% packet loss}, and whether any reply
 * was wrong ("wrong data byte") or duplicated ("DUP!").
 *
 * @param transmitted echo requests sent
 * @param received echo replies received (duplicates not counted)
 * @param output the whole output, for assertion messages
 */
public record PingResult(int transmitted, int received, String output) {

    private static final Pattern STATISTICS = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

    /**
     * How iputils ping says that it could not send at all, before any statistics: no route to the destination
     * ("connect: Network is unreachable"), or no source address of the family ("Cannot assign requested address").
     */
    private static final Pattern CANNOT_SEND = Pattern.compile("Network is unreachable|Cannot assign requested address"
            + "|Address family for hostname not supported");

    /** iputils ping's exit status for an error other than lost replies. */
    private static final int PING_ERROR = 2;

    /**
     * Parses the statistics line of {@code ping}'s output. A ping that could not send at all (exit status 2 and one
     * of the messages of {@link #CANNOT_SEND}) transmitted and received nothing; any other output without statistics
     * fails.
     */
    public static PingResult parse(CommandResult result) {
        Matcher m = STATISTICS.matcher(result.output());
        if (!m.find()) {
            if (result.exitCode() == PING_ERROR && CANNOT_SEND.matcher(result.output()).find()) {
                return new PingResult(0, 0, result.output());
            }
            throw new AssertionError("no ping statistics in: " + result.describe());
        }
        return new PingResult(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), result.output());
    }

    /** Whether nothing was sent at all: no route, or no source address of the family (see {@link #parse}). */
    public boolean couldNotSend() {
        return transmitted == 0 && CANNOT_SEND.matcher(output).find();
    }

    /** iputils ping's closing line: {@code rtt min/avg/max/mdev = 0.338/1.026/1.715/0.688 ms}. */
    private static final Pattern RTT =
            Pattern.compile("rtt min/avg/max/mdev = ([0-9.]+)/([0-9.]+)/([0-9.]+)/([0-9.]+) ms");

    /** One reply's line: {@code 64 bytes from 172.21.22.26: icmp_seq=1 ttl=64 time=0.338 ms}. */
    private static final Pattern REPLY_TIME = Pattern.compile("icmp_seq=(\\d+) .*time=([0-9.]+) ms");

    /** The average round-trip time of the replies, in milliseconds; fails when no reply came. */
    public double averageRttMillis() {
        Matcher m = RTT.matcher(output);
        if (!m.find()) {
            throw new AssertionError("no rtt line in: " + output);
        }
        return Double.parseDouble(m.group(2));
    }

    /** The round-trip time of each reply line, in milliseconds, in the order printed (duplicates included). */
    public java.util.List<Double> replyTimesMillis() {
        java.util.List<Double> times = new java.util.ArrayList<>();
        Matcher m = REPLY_TIME.matcher(output);
        while (m.find()) {
            times.add(Double.parseDouble(m.group(2)));
        }
        return times;
    }

    /** The share of requests that got no reply, 0..1 (iputils' "packet loss"). */
    public double lossFraction() {
        return transmitted == 0 ? 0 : (transmitted - received) / (double) transmitted;
    }

    /** Whether a reply's data differed from the request's. */
    public boolean hasWrongData() {
        return output.contains("wrong data byte");
    }

    /** Whether a reply came twice. */
    public boolean hasDuplicates() {
        return output.contains("DUP!");
    }

    /**
     * Asserts that ping sent {@code expected} requests and got one reply to each, with the request's data: what
     * iputils ping calls success ({@code expected} transmitted and received, no "wrong data byte", no "DUP!").
     */
    public void assertAllAnsweredIntact(int expected) {
        assertAll(
                () -> assertEquals(expected, transmitted, output),
                () -> assertEquals(expected, received, output),
                () -> assertFalse(hasWrongData(), output),
                () -> assertFalse(hasDuplicates(), output));
    }
}
