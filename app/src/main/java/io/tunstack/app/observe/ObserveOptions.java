package io.tunstack.app.observe;

import io.tunstack.device.LinkType;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The observing options, a picocli mixin ({@code @Mixin ObserveOptions observe;} in the command):
 * {@code --trace}, {@code --explain[=N]}, {@code --show-link-chatter}, {@code --pcap FILE}, {@code --quiet} and
 * {@code --metrics [ADDR:]PORT}.
 * {@link #open} turns them into an {@link Observation}; everything is off unless asked for, except the status line.
 */
public final class ObserveOptions {

    /** How many packets {@code --explain} explains when no number is given. */
    public static final int DEFAULT_EXPLAIN_COUNT = 3;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--trace",
            description = "Print one line per packet read and written, tcpdump style, with the verdict (answered, "
                    + "or dropped and why).")
    private boolean trace;

    private int explain;

    @Option(names = "--show-link-chatter",
            description = "Also trace and explain the IPv6 packets the kernel sends on the device by itself (router "
                    + "solicitations, MLD reports), which are left out otherwise. They are always counted, and "
                    + "captured by --pcap.")
    private boolean showLinkChatter;

    @Option(names = "--pcap", paramLabel = "FILE",
            description = "Capture every packet read and written to FILE (pcapng: raw IP, or Ethernet with --tap; drop"
                    + " reasons as packet comments), written as it goes: at most 1 s behind, readable with tcpdump -r or tshark -r while "
                    + "tunstack runs and after any stop. '-' is standard output (then every other line goes to "
                    + "stderr): tunstack --pcap - | wireshark -k -i -")
    private Path pcap;

    @Option(names = {"-q", "--quiet"},
            description = "No status line on stderr while packets flow.")
    private boolean quiet;

    @Option(names = "--metrics", paramLabel = "[ADDR:]PORT", converter = ListenAddress.class,
            description = "Serve the counters in the Prometheus text format at http://ADDR:PORT/metrics "
                    + "(ADDR defaults to the loopback address).")
    private InetSocketAddress metrics;

    @Option(names = "--explain", paramLabel = "N", arity = "0..1",
            fallbackValue = "" + DEFAULT_EXPLAIN_COUNT,
            description = "Explain the first N packets (default: ${FALLBACK-VALUE}) field by field: offsets, bytes, "
                    + "values, the checksums worked through, and what the reply changed. The kernel's own IPv6 link "
                    + "chatter is not counted among them (see --show-link-chatter).")
    void explain(int count) {
        if (count < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--explain: " + count + " is negative (expected: a number of packets, 0 for none)");
        }
        explain = count;
    }

    /** Whether {@code --trace} is on. */
    public boolean trace() {
        return trace;
    }

    /** How many packets {@code --explain} explains, 0 when off. */
    public int explainCount() {
        return explain;
    }

    /** Whether {@code --trace} and {@code --explain} show the kernel's own IPv6 link chatter too. */
    public boolean showLinkChatter() {
        return showLinkChatter;
    }

    /** The capture file, or {@code null}. */
    public Path pcap() {
        return pcap;
    }

    /**
     * Whether {@code --pcap -} takes standard output for the capture: then nothing else may go there, and trace,
     * explain and the summary print to stderr.
     */
    public boolean pcapToStandardOutput() {
        return PcapCapture.isStandardOutput(pcap);
    }

    /** Whether the status line is off. */
    public boolean quiet() {
        return quiet;
    }

    /** The metrics listen address, or {@code null} when off. */
    public InetSocketAddress metrics() {
        return metrics;
    }

    /**
     * Opens the capture file and binds the metrics address; {@link Observation#startReporting} starts the status line
     * and serving once the counters exist. Trace and explain print to stdout (to stderr with {@code --pcap -}), the
     * status line to stderr.
     *
     * @param interfaceName the device's name, recorded in the capture
     * @param linkType what the device's packets begin with: the capture's link type, and the layer trace and explain
     *     begin with
     * @throws IOException when the capture file cannot be created or the metrics address cannot be bound; the
     *     message names the file or the address
     */
    public Observation open(String interfaceName, LinkType linkType) throws IOException {
        return open(interfaceName, linkType, pcapToStandardOutput() ? System.err : System.out, System.err,
                Clock.systemDefaultZone(), StatusReporter.DEFAULT_INTERVAL);
    }

    Observation open(String interfaceName, LinkType linkType, PrintStream out, PrintStream err, Clock clock,
            Duration statusInterval) throws IOException {
        PcapCapture capture = pcap == null ? null : PcapCapture.create(pcap, interfaceName, linkType);
        try {
            MetricsServer server = metrics == null ? null : MetricsServer.bind(metrics);
            return new Observation(linkType, trace, explain, showLinkChatter, capture, server, !quiet, statusInterval,
                    out, err, clock);
        } catch (IOException | RuntimeException e) {
            if (capture != null) {
                capture.close();
            }
            throw e;
        }
    }
}
