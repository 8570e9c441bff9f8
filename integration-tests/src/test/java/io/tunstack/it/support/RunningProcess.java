package io.tunstack.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A long-running process that a test started: its output is collected line by line (stdout and stderr together),
 * a test waits for a line with a deadline instead of sleeping, and sends it signals by PID.
 *
 * <p>{@link #close()} kills it (and its children) if it still runs: use it in try-with-resources or {@code @AfterAll}.
 */
public final class RunningProcess implements AutoCloseable {

    private final List<String> command;
    private final Process process;
    private final java.io.InputStream output;
    private final List<String> lines = new ArrayList<>(); // guarded by itself
    private final Thread reader;

    private RunningProcess(List<String> command, Process process, java.io.InputStream output) {
        this.command = command;
        this.process = process;
        this.output = output;
        this.reader = new Thread(this::readLines, "output of pid " + process.pid());
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Starts {@code command} with stdin from /dev/null. */
    public static RunningProcess start(List<String> command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            return new RunningProcess(List.copyOf(command), process, process.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    /**
     * Starts {@code command} with stdin from /dev/null and its standard output into {@code stdout}, kept apart: the
     * lines collected are its stderr only.
     */
    public static RunningProcess startWithStdoutTo(List<String> command, java.nio.file.Path stdout) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(stdout.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            return new RunningProcess(List.copyOf(command), process, process.getErrorStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /**
     * The PID of the first process below this one whose executable is {@code command} (e.g. {@code java} under
     * {@code sh -c}), for signals meant for it alone.
     */
    public long descendant(String command) {
        return ProcessHandle.of(process.pid()).orElseThrow().descendants()
                .filter(p -> p.info().command().orElse("").endsWith("/" + command))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + command + " below " + describe()))
                .pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Every line printed so far. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Every line printed so far, joined, for assertion messages. */
    public String output() {
        return String.join("\n", lines());
    }

    /**
     * Waits until a line from index {@code fromLine} on matches, and returns it.
     *
     * @throws AssertionError with the output so far when the process exits first or {@code timeout} passes
     */
    public String awaitLine(int fromLine, Predicate<String> matches, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                for (int i = fromLine; i < lines.size(); i++) {
                    if (matches.test(lines.get(i))) {
                        return lines.get(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no expected line within " + timeout + " from " + describe());
                }
                if (!reader.isAlive()) {
                    throw new AssertionError("the process ended without the expected line: " + describe());
                }
                TimeUnit.NANOSECONDS.timedWait(lines, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            }
        }
    }

    /** Sends {@code signal} (a name such as {@code TERM} or {@code USR1}) to this process, by PID. */
    public void signal(String signal) {
        Processes.runOrFail(Duration.ofSeconds(10), "kill", "-" + signal, Long.toString(process.pid()));
    }

    /**
     * Waits for the process to exit, then for its last output line.
     *
     * @return its exit status
     * @throws AssertionError when it still runs after {@code timeout}
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + ": " + describe());
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    /** The command, its PID and its output so far. */
    public String describe() {
        return String.join(" ", command) + " (pid " + process.pid() + "), output:\n" + output();
    }

    /** Kills the process and its children if they still run. */
    @Override
    public void close() {
        Processes.destroy(process);
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(output, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process went away; what it printed is kept
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }
}
