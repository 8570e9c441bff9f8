package io.tunstack.it.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace this test run creates and deletes: everything that sends packets or creates a device runs
 * inside it, never in the machine's own namespace. The name carries the JVM's pid so that parallel runs do not
 * clash. IPv6 is disabled inside, so that the kernel's router solicitations do not add to tunstack's counters.
 */
final class NetworkNamespace implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final String name;
    private final Thread deleteOnExit;

    private NetworkNamespace(String name) {
        this.name = name;
        this.deleteOnExit = new Thread(this::delete, "delete netns " + name);
    }

    /** Creates a fresh namespace with loopback up and IPv6 off. */
    static NetworkNamespace create(String purpose) throws IOException, InterruptedException {
        String name = "ts-" + purpose + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
        Result added = runOnHost(Duration.ofSeconds(10), "ip", "netns", "add", name);
        if (added.exitCode() != 0) {
            throw new IOException("ip netns add " + name + " failed: " + added.output());
        }
        NetworkNamespace namespace = new NetworkNamespace(name);
        Runtime.getRuntime().addShutdownHook(namespace.deleteOnExit);
        boolean ready = false;
        try {
            namespace.exec(Duration.ofSeconds(10), "ip", "link", "set", "lo", "up").requireSuccess();
            namespace.exec(Duration.ofSeconds(10), "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
                "net.ipv6.conf.default.disable_ipv6=1").requireSuccess();
            ready = true;
            return namespace;
        } finally {
            if (!ready) {
                namespace.close();
            }
        }
    }

    String name() {
        return name;
    }

    /** The command line that runs {@code command} inside this namespace. */
    List<String> command(String... command) {
        List<String> line = new ArrayList<>(List.of("ip", "netns", "exec", name));
        line.addAll(List.of(command));
        return line;
    }

    /** Runs a command inside the namespace and waits for it. */
    Result exec(Duration timeout, String... command) throws IOException, InterruptedException {
        return run(timeout, null, command(command));
    }

    /** Runs a command inside the namespace with {@code input} on its standard input, and waits for it. */
    Result execWithInput(Duration timeout, String input, String... command) throws IOException, InterruptedException {
        return run(timeout, input, command(command));
    }

    @Override
    public void close() {
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(deleteOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: it deletes the namespace again, harmlessly.
        }
    }

    private void delete() {
        try {
            runOnHost(Duration.ofSeconds(10), "ip", "netns", "del", name);
        } catch (IOException e) {
            System.err.println("could not delete network namespace " + name + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Result runOnHost(Duration timeout, String... command) throws IOException, InterruptedException {
        return run(timeout, null, List.of(command));
    }

    private static Result run(Duration timeout, String input, List<String> command)
        throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread feeder = new Thread(() -> {
            try (var stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.US_ASCII));
                }
            } catch (IOException ignored) {
                // The process exited early; its exit code and output say why.
            }
        }, "stdin of " + command.get(command.size() - 1));
        feeder.start();
        var output = new java.io.ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (var stdout = process.getInputStream()) {
                stdout.transferTo(output);
            } catch (IOException ignored) {
                // Output ends with the process.
            }
        }, "stdout of " + command.get(command.size() - 1));
        reader.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
            reader.join();
            throw new IOException(String.join(" ", command) + " did not finish within " + timeout + ": " + output);
        }
        feeder.join();
        reader.join();
        return new Result(String.join(" ", command), process.exitValue(), output.toString(StandardCharsets.UTF_8));
    }

    /** A finished command: its exit code and its standard output and error, interleaved. */
    record Result(String command, int exitCode, String output) {
        Result requireSuccess() throws IOException {
            if (exitCode != 0) {
                throw new IOException(command + " exited " + exitCode + ": " + output);
            }
            return this;
        }
    }
}
