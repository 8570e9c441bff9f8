package io.tunstack.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs short commands to completion, always with a deadline. A command that overruns is killed (it and its
 * children, by PID) and reported as a failure with the output it had printed.
 */
public final class Processes {

    private Processes() {
    }

    /** Runs {@code command}, waiting at most {@code timeout}, and returns its status and output. */
    public static CommandResult run(Duration timeout, List<String> command) {
        Path outputFile = null;
        Process process = null;
        try {
            outputFile = Files.createTempFile("tunstack-it-", ".out");
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(outputFile.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                destroy(process);
                throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", command)
                        + "\noutput so far:\n" + Files.readString(outputFile, StandardCharsets.UTF_8));
            }
            String output = Files.readString(outputFile, StandardCharsets.UTF_8);
            return new CommandResult(command, process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        } finally {
            if (process != null) {
                destroy(process);
            }
            if (outputFile != null) {
                try {
                    Files.deleteIfExists(outputFile);
                } catch (IOException e) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    /** Runs {@code command} like {@link #run(Duration, List)}. */
    public static CommandResult run(Duration timeout, String... command) {
        return run(timeout, List.of(command));
    }

    /**
     * Runs {@code command} and fails the test unless it exits with status 0.
     *
     * @return its result, for the output
     */
    public static CommandResult runOrFail(Duration timeout, String... command) {
        CommandResult result = run(timeout, command);
        if (!result.succeeded()) {
            throw new AssertionError(result.describe());
        }
        return result;
    }

    /** Kills a process that we started, and its children, by PID; waits a moment for it to go. No-op if it ended. */
    public static void destroy(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
