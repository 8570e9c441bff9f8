package io.tunstack.it.support;

import java.util.List;

/**
 * A finished command: its exit status and its output (stdout and stderr, interleaved as written).
 *
 * @param command the command line, for messages
 * @param exitCode the exit status
 * @param output everything it printed
 */
public record CommandResult(List<String> command, int exitCode, String output) {

    /** Whether it exited with status 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }

    /** A description for assertion messages: the command, its status and its output. */
    public String describe() {
        return String.join(" ", command) + " exited with " + exitCode + ", output:\n" + output;
    }
}
