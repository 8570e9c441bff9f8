package io.tunstack.it.hostile;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.NetworkNamespace;
import io.tunstack.it.support.Prerequisites;
import io.tunstack.it.support.Processes;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives tools/inject/tuninject.py inside a namespace: the packets go out of tun0's kernel side, so tunstack reads
 * them, and whatever tunstack writes back during the injection and the listening time after it is returned.
 */
final class Injector {

    /** Default pace: well below what tunstack reads, so that tun0's 500-packet queue never overflows. */
    private static final int PACKETS_PER_SECOND = 5000;
    private static final Pattern SUMMARY =
        Pattern.compile("summary sent=(\\d+) errors=(\\d+) received=(\\d+) tx_dropped=(-?\\d+) rx_dropped=(\\d+)");

    private final NetworkNamespace namespace;

    Injector(NetworkNamespace namespace) {
        this.namespace = namespace;
    }

    /** tools/inject/tuninject.py, under the {@code tunstack.root} directory that the integration-tests pom sets. */
    static Path script(String name) {
        return Path.of(System.getProperty("tunstack.root", "..")).toAbsolutePath().normalize()
            .resolve("tools/inject").resolve(name);
    }

    /** Skips (fails under CI=true) without python3 or the injector script. */
    static void requireAvailable() {
        Prerequisites.requireCommands("python3");
        Prerequisites.require(Files.isRegularFile(script("tuninject.py")), script("tuninject.py") + " is missing");
    }

    /** Injects the packets in order, listens for {@code listen} after the last one, and reports. */
    Report inject(List<byte[]> packets, Duration listen) throws IOException {
        return inject(packets, listen, PACKETS_PER_SECOND);
    }

    /** Like {@link #inject(List, Duration)}, at most {@code packetsPerSecond}. */
    Report inject(List<byte[]> packets, Duration listen, int packetsPerSecond) throws IOException {
        Path input = Files.createTempFile("tuninject-", ".hex");
        try {
            HexFormat hex = HexFormat.of();
            List<String> lines = new ArrayList<>(packets.size());
            for (byte[] packet : packets) {
                lines.add(hex.formatHex(packet));
            }
            Files.write(input, lines);
            Duration timeout = listen.plusSeconds(60 + packets.size() / packetsPerSecond);
            CommandResult result = namespace.run(timeout, "python3", script("tuninject.py").toString(),
                "--device", "tun0", "--file", input.toString(),
                "--listen", Double.toString(listen.toMillis() / 1000.0),
                "--rate", Integer.toString(packetsPerSecond));
            if (!result.succeeded()) {
                throw new AssertionError(result.describe());
            }
            return parse(result.output());
        } finally {
            Files.deleteIfExists(input);
        }
    }

    /**
     * Starts an injection whose packets are handed over step by step ({@link Session#send}), with one sniffer
     * listening from the first packet to {@code listen} after the last.
     */
    Session open(Duration listen) throws IOException {
        Path output = Files.createTempFile("tuninject-", ".out");
        List<String> command = namespace.exec(List.of("python3", script("tuninject.py").toString(),
            "--device", "tun0", "--listen", Double.toString(listen.toMillis() / 1000.0), "--rate", "0"));
        Process process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
        return new Session(process, output, listen);
    }

    /** A running injector that reads packets from its standard input as they are written. */
    static final class Session implements AutoCloseable {

        private final Process process;
        private final Path output;
        private final Duration listen;
        private final Writer stdin;

        private Session(Process process, Path output, Duration listen) {
            this.process = process;
            this.output = output;
            this.listen = listen;
            this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
        }

        /** Hands the packets to the injector, which sends them at once, in order. */
        void send(List<byte[]> packets) throws IOException {
            HexFormat hex = HexFormat.of();
            for (byte[] packet : packets) {
                stdin.write(hex.formatHex(packet));
                stdin.write('\n');
            }
            stdin.flush();
        }

        /** Ends the input, waits for the listening time to pass, and reports. */
        Report finish() throws IOException, InterruptedException {
            stdin.close();
            Duration timeout = listen.plusSeconds(60);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the injector did not finish within " + timeout);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError("the injector exited " + process.exitValue() + ": " + text);
            }
            return parse(text);
        }

        /** Kills the injector if it still runs, and deletes its output. */
        @Override
        public void close() throws IOException {
            Processes.destroy(process);
            Files.deleteIfExists(output);
        }
    }

    private static Report parse(String output) {
        List<ReturnedPacket> returned = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Matcher summary = null;
        for (String line : output.split("\n")) {
            if (line.startsWith("rx ")) {
                returned.add(ReturnedPacket.ofHex(line.substring(3).trim()));
            } else if (line.startsWith("error ")) {
                errors.add(line);
            } else if (line.startsWith("summary ")) {
                summary = SUMMARY.matcher(line);
                if (!summary.find()) {
                    throw new AssertionError("unreadable injector summary: " + line);
                }
            }
        }
        if (summary == null) {
            throw new AssertionError("the injector printed no summary: " + output);
        }
        return new Report(Integer.parseInt(summary.group(1)), errors, Integer.parseInt(summary.group(4)),
            Integer.parseInt(summary.group(5)), returned);
    }

    /**
     * What one injection did: packets sent, the kernel's refusals, packets tun0's queue dropped before tunstack read
     * them (-1: unknown), packets tunstack wrote that the sniffer lost, and the packets that came back.
     */
    record Report(int sent, List<String> errors, int queueDropped, int sniffDropped, List<ReturnedPacket> returned)
            implements ReturnedPackets {

        /**
         * Whether every packet reached tunstack's read() (none refused, none dropped by the device queue) and
         * everything it wrote was seen (none lost by the sniffer): only then does "no reply" mean anything.
         */
        boolean allDelivered() {
            return errors.isEmpty() && queueDropped == 0 && sniffDropped == 0;
        }
    }
}
