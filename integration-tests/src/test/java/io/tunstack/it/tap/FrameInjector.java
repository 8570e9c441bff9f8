package io.tunstack.it.tap;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.NetworkNamespace;
import io.tunstack.it.support.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends whole Ethernet frames out of a device of a namespace, and sniffs the frames that come in meanwhile:
 * {@code tools/inject/tuninject.py --frames}, an {@code AF_PACKET} {@code SOCK_RAW} socket. On B's end of the veth,
 * the frames cross the bridge to tap0 and tunstack; what comes back is every frame B receives, answers included.
 */
final class FrameInjector {

    private static final Pattern SUMMARY =
            Pattern.compile("summary sent=(\\d+) errors=(\\d+) received=(\\d+) tx_dropped=(-?\\d+) rx_dropped=(\\d+)");

    private final NetworkNamespace namespace;
    private final String device;

    FrameInjector(NetworkNamespace namespace, String device) {
        this.namespace = namespace;
        this.device = device;
    }

    /** tools/inject/tuninject.py, under the {@code tunstack.root} directory that the integration-tests pom sets. */
    static Path script() {
        return Path.of(System.getProperty("tunstack.root", "..")).toAbsolutePath().normalize()
                .resolve("tools/inject/tuninject.py");
    }

    /** Skips (fails under CI=true) without python3 or the injector script. */
    static void requireAvailable() {
        Prerequisites.requireCommands("python3");
        Prerequisites.require(Files.isRegularFile(script()), script() + " is missing");
    }

    /** What one injection did: frames sent, frames refused, frames the sniffer lost, and the frames received. */
    record Report(int sent, int errors, int sniffDropped, List<byte[]> received) {
    }

    /** Sends {@code frames} in order at {@code perSecond}, listens {@code listen} after the last, and reports. */
    Report inject(List<byte[]> frames, int perSecond, Duration listen) throws IOException {
        Path input = Files.createTempFile("tapinject-", ".hex");
        try {
            HexFormat hex = HexFormat.of();
            Files.write(input, frames.stream().map(hex::formatHex).toList());
            CommandResult result = namespace.run(listen.plusSeconds(60 + frames.size() / perSecond), "python3",
                    script().toString(), "--frames", "--device", device, "--file", input.toString(), "--listen",
                    Double.toString(listen.toMillis() / 1000.0), "--rate", Integer.toString(perSecond));
            if (!result.succeeded()) {
                throw new AssertionError(result.describe());
            }
            List<byte[]> received = new ArrayList<>();
            Matcher summary = null;
            for (String line : result.output().split("\n")) {
                if (line.startsWith("rx ")) {
                    received.add(hex.parseHex(line.substring(3).trim()));
                } else if (line.startsWith("summary ")) {
                    summary = SUMMARY.matcher(line);
                    if (!summary.find()) {
                        throw new AssertionError("unreadable injector summary: " + line);
                    }
                }
            }
            if (summary == null) {
                throw new AssertionError("the injector printed no summary: " + result.output());
            }
            return new Report(Integer.parseInt(summary.group(1)), Integer.parseInt(summary.group(2)),
                    Integer.parseInt(summary.group(5)), received);
        } finally {
            Files.deleteIfExists(input);
        }
    }
}
