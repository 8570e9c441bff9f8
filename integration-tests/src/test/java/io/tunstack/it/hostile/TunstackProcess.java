package io.tunstack.it.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real program, {@code java -jar app/target/tunstack.jar}, running inside a test namespace with its defaults:
 * it creates tun0 and gives it 172.21.22.23/24. Its output goes to a log file under target/, kept for post-mortems.
 */
final class TunstackProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final NetworkNamespace namespace;
    private final Process process;
    private final Path log;

    private TunstackProcess(NetworkNamespace namespace, Process process, Path log) {
        this.namespace = namespace;
        this.process = process;
        this.log = log;
    }

    /** Starts tunstack and waits until tun0 is up with its address. */
    static TunstackProcess start(NetworkNamespace namespace, String logName, String... options)
        throws IOException, InterruptedException {
        Path logs = Path.of("target", "hostile-logs");
        Files.createDirectories(logs);
        Path log = logs.resolve(namespace.name() + "-" + logName + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(HostilePrerequisites.jar().toString());
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(namespace.command(command.toArray(String[]::new)))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        TunstackProcess tunstack = new TunstackProcess(namespace, process, log);
        boolean ready = false;
        try {
            tunstack.awaitDeviceUp();
            ready = true;
            return tunstack;
        } finally {
            if (!ready) {
                tunstack.close();
            }
        }
    }

    private void awaitDeviceUp() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("tunstack exited " + process.exitValue() + " before tun0 was up: " + output());
            }
            String link = namespace.exec(Duration.ofSeconds(5), "ip", "-o", "-4", "addr", "show", "dev", "tun0")
                .output();
            String state = namespace.exec(Duration.ofSeconds(5), "ip", "-o", "link", "show", "dev", "tun0").output();
            if (link.contains(" " + Ipv4Addresses.text(Ipv4Addresses.KERNEL) + "/") && state.contains(",UP")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IOException("tun0 was not up with its address within " + READY_TIMEOUT + ": " + output());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the process printed so far. */
    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /**
     * Sends SIGTERM (ip netns exec replaces itself with java, so this is tunstack's pid) and returns the summary it
     * prints; fails unless it exits 0 in time.
     */
    ExitSummary stop() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IOException("tunstack did not exit within " + STOP_TIMEOUT + " of SIGTERM: " + output());
        }
        if (process.exitValue() != 0) {
            throw new IOException("tunstack exited " + process.exitValue() + " on SIGTERM: " + output());
        }
        return new ExitSummary(output());
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }
}
