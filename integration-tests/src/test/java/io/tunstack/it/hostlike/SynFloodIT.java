package io.tunstack.it.hostlike;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.MetricsScrape;
import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.Prerequisites;
import io.tunstack.it.support.RunningProcess;
import io.tunstack.it.support.TunstackProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code hping3 -S --flood -p 22} against an open port for a few seconds (IPv4: hping3 speaks no IPv6). Every SYN
 * gets a SYN+ACK whose ISN is a SYN cookie; the connection table is bounded, so tunstack's memory stays flat. tunstack
 * runs with a small fixed heap, committed and touched at start ({@link #FIXED_HEAP}): memory kept per SYN would end
 * in an OutOfMemoryError (and a dead responder, which the pings after the flood catch), and the resident set can grow
 * only by what lives outside the heap (direct buffers, code). It must stay within {@link #RSS_TOLERANCE} of what it was
 * after a shorter warm-up flood, which lets the JIT and the table reach their steady state. The kernel on the flooder's side answers every SYN+ACK it did
 * not ask for with a reset, which tunstack takes without answering: no reset storm, tunstack sends no reset at all.
 * Ping is answered during the flood and all of it after.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SynFloodIT {

    /**
     * How much the resident set may grow over the measured flood: 32 MiB, room for JIT-compiled code and the JVM's own
     * bookkeeping, far below what a buffer per SYN would take (tens of thousands of SYNs of 64 KiB each).
     */
    static final long RSS_TOLERANCE = 32L << 20;
    /**
     * A heap of 128 MiB, committed and touched before the ready line, so that heap growth cannot pass for a leak; and
     * Netty's leak detection at its default level (sampling) instead of the other tests' paranoid one, which records
     * a stack trace at every buffer access and makes each packet tens of times dearer: a flood would measure the
     * detector, and hping3 would fill the device's queue so that no ping got in.
     */
    static final List<String> FIXED_HEAP = List.of("-Xms128m", "-Xmx128m", "-XX:+AlwaysPreTouch",
            "-Dio.netty.leakDetection.level=simple");
    private static final int METRICS_PORT = 9467;

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("syn-flood")
        .requiring(() -> Prerequisites.requireCommands("hping3", "timeout", "curl"))
        .configuring(namespace -> namespace.disableIpv6());

    @Test
    void aSynFloodLeavesPingAnsweredMemoryFlatAndNoResetStorm() throws Exception {
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace(), FIXED_HEAP, "--quiet",
            "--open", "22/tcp", "--metrics", Integer.toString(METRICS_PORT))) {
            Ping.ipv4(fixture.namespace(), "-c", "3", "-i", "0.2", "-W", "2", Family.IPV4.answered)
                .assertAllAnsweredIntact(3);
            flood(2);
            TimeUnit.SECONDS.sleep(2); // the warm-up's SYN+ACK retransmissions end or are reset
            long before = residentBytes(tunstack.process().pid());

            try (RunningProcess flood = RunningProcess.start(fixture.namespace().exec(List.of("timeout", "-s",
                "INT", "6", "hping3", "-S", "--flood", "-p", "22", Family.IPV4.answered)))) {
                TimeUnit.SECONDS.sleep(1);
                PingResult during = Ping.ipv4(fixture.namespace(), "-c", "20", "-i", "0.1", "-W", "1",
                    Family.IPV4.answered);
                assertTrue(during.received() >= 1, () -> "ping during the flood: " + during.output());
                flood.awaitExit(Duration.ofSeconds(60));
                System.out.println("[SynFloodIT] " + String.join("\n", flood.lines()));
            }
            TimeUnit.SECONDS.sleep(2);
            long after = residentBytes(tunstack.process().pid());
            Ping.ipv4(fixture.namespace(), "-c", "3", "-i", "0.2", "-W", "2", Family.IPV4.answered)
                .assertAllAnsweredIntact(3);

            String metrics = MetricsScrape.until(fixture.namespace(), MetricsScrape.url(METRICS_PORT), text -> true);
            long synAcks = MetricsScrape.sample(metrics,
                "tunstack_packets_sent_total{protocol=\"tcp\",answer=\"tcp-syn-ack\"}");
            long resets = MetricsScrape.sample(metrics, "tunstack_packets_sent_total{protocol=\"tcp\",answer=\"tcp-rst\"}");
            String context = "resident set " + (before >> 20) + " MiB before, " + (after >> 20) + " MiB after; "
                + synAcks + " SYN+ACKs, " + resets + " resets sent\n" + metrics;
            System.out.println("[SynFloodIT] " + context.lines().findFirst().orElse(""));
            assertAll(
                () -> assertTrue(synAcks > 1000, "the flood reached tunstack\n" + context),
                () -> assertEquals(0, resets, "tunstack never answers the flooder's kernel's resets\n" + context),
                () -> assertTrue(after - before <= RSS_TOLERANCE, "memory stays flat\n" + context));
            assertEquals(0, tunstack.stop("TERM"), tunstack.output());
            assertFalse(tunstack.output().contains("LEAK:"), tunstack.output());
        }
    }

    /** {@code hping3 -S --flood -p 22} for {@code seconds}, stopped with SIGINT as a person would. */
    private static void flood(int seconds) {
        fixture.namespace().run(Duration.ofSeconds(seconds + 30), "timeout", "-s", "INT", Integer.toString(seconds),
            "hping3", "-S", "--flood", "-p", "22", Family.IPV4.answered);
    }

    /** VmRSS of {@code pid}, from /proc/PID/status ("VmRSS:    123456 kB"). */
    private static long residentBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new AssertionError("no VmRSS for pid " + pid);
    }
}
