package io.tunstack.it.hostile;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.DropCounts;
import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.Prerequisites;
import io.tunstack.it.support.TunstackCounters;
import io.tunstack.it.support.TunstackProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A soak: tunstack, started the way the README starts it (the launcher {@code app/target/tunstack} with its small
 * heap), runs for {@value #DEFAULT_SECONDS} s (10 minutes with {@code -Dtunstack.soak.seconds=600}) under mixed
 * traffic, all at once:
 *
 * <ul>
 *   <li>ping floods of several sizes, IPv4 and IPv6 ({@code ping -f -s 0, 56, 1000, 1400});
 *   <li>fragmented pings, IPv4 and IPv6 ({@code ping -s 4000}: reassembly, and replies that leave in fragments);
 *   <li>garbage: invalid packets (random bytes, broken checksums, cut short) injected into tun0 from the kernel's
 *       side, as {@link PacketStormIT} makes them;
 *   <li>the metrics endpoint scraped once a second ({@code curl}), and {@code SIGUSR1} every
 *       {@value #USR1_EVERY_SECONDS} s.
 * </ul>
 *
 * <p>Every second the test samples the process's RSS ({@code VmRSS}), open file descriptors ({@code /proc/PID/fd}) and
 * threads. After a warm-up (the first third of the run: class loading, the JIT, the allocator's first chunks), they
 * stay flat, within these tolerances, comparing the median of the first {@value #WINDOW} samples after the warm-up
 * with the median of the last {@value #WINDOW}: RSS grows by at most {@value #RSS_TOLERANCE_KB} KiB (the heap may
 * still grow from the launcher's 8 MB towards its 24 MB cap; the 2-minute runs grew by 1.7 to 3.6 MB), and file
 * descriptors and threads by at most {@value #COUNT_TOLERANCE} (a metrics connection being accepted, a JIT compiler
 * thread the JVM starts or ends). A leak of one file descriptor or thread a second fails it, and so does one of 64
 * bytes per packet (at the soak's 3,500 packets a second, 14 MB between the two windows).
 *
 * <p>At the end: exit status 0 after SIGTERM; no {@code LEAK:} from Netty's paranoid leak detection; and the summary's
 * counters add up exactly: read = answered + dropped + held; the per-answer lines add up to answered, the per-reason
 * lines to dropped; every packet the stack sent was written (no device error); every reply a ping received was
 * answered, every garbage packet injected was dropped, and every scrape and every {@code SIGUSR1} got its answer.
 */
class SoakIT {

    static final long DEFAULT_SECONDS = 120;
    static final int USR1_EVERY_SECONDS = 7;
    static final int WINDOW = 15;
    static final long RSS_TOLERANCE_KB = 8192;
    static final int COUNT_TOLERANCE = 2;

    private static final int METRICS_PORT = 9477;
    private static final String V4 = Ipv4Addresses.text(Ipv4Addresses.RESPONDER);
    private static final String V6 = "fd00:172:21:22::26";
    private static final Pattern ANSWERED_LINE = Pattern.compile("^\\s*(\\d+) answered [a-z0-9-]+: ", Pattern.MULTILINE);
    private static final Pattern SENT_LINE = Pattern.compile("^\\s*(\\d+) packets? sent", Pattern.MULTILINE);

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("soak")
            .requiring(Injector::requireAvailable)
            .requiring(() -> Prerequisites.requireCommands("curl"));

    /** One sample of the process, once a second. */
    record Sample(long second, long rssKb, int fds, int threads) {
    }

    @Test
    void mixedTrafficForMinutesLeavesMemoryFilesAndThreadsFlatAndTheCountsAddUp() throws Exception {
        long seconds = Long.getLong("tunstack.soak.seconds", DEFAULT_SECONDS);
        long warmUp = seconds / 3;
        long seed = Long.getLong("tunstack.storm.seed", System.nanoTime());
        String replay = " (garbage seed: -Dtunstack.storm.seed=" + seed + ")";
        List<byte[]> garbage = new ArrayList<>(PacketStorm.generate(seed, 500));
        garbage.addAll(PacketStorm.generateIpv6(seed + 1, 500));

        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace(),
                TunstackProcess.launcherCommand(List.of("--metrics", Integer.toString(METRICS_PORT))))) {
            Path proc = Path.of("/proc", Long.toString(tunstack.process().pid()));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            Traffic traffic = new Traffic(end);
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<?>> load = new ArrayList<>();
            try {
                load.add(pool.submit(() -> traffic.floods("-4", V4)));
                load.add(pool.submit(() -> traffic.floods("-6", V6)));
                load.add(pool.submit(() -> traffic.fragments("-4", V4)));
                load.add(pool.submit(() -> traffic.fragments("-6", V6)));
                load.add(pool.submit(() -> traffic.garbage(garbage)));
                load.add(pool.submit(traffic::scrapes));

                List<Sample> samples = new ArrayList<>();
                int usr1Sent = 0;
                for (long second = 0; System.nanoTime() < end; second++) {
                    samples.add(sample(second, proc));
                    if (second % USR1_EVERY_SECONDS == 0) {
                        TunstackCounters counters = tunstack.counters(); // SIGUSR1, and waits for its line
                        usr1Sent++;
                        assertEquals(counters.packetsRead(),
                                counters.answered() + counters.dropped() + counters.held(), "the USR1 line adds up");
                    }
                    for (Future<?> part : load) {
                        if (part.isDone()) {
                            part.get(); // a traffic part that failed fails the soak now, with its cause
                        }
                    }
                    Thread.sleep(1000);
                }
                for (Future<?> part : load) {
                    part.get(60, TimeUnit.SECONDS);
                }

                assertFlat(samples, warmUp);
                assertTrue(usr1Sent >= seconds / USR1_EVERY_SECONDS, "SIGUSR1 answered " + usr1Sent + " times");
                assertTrue(traffic.scrapes.get() >= seconds / 2, "scraped " + traffic.scrapes + " times in "
                        + seconds + " s");
            } finally {
                traffic.stop();
                pool.shutdownNow();
                pool.awaitTermination(60, TimeUnit.SECONDS);
            }

            assertEquals(0, tunstack.stop("TERM"), "exit status after SIGTERM\n" + tail(tunstack.output()));
            String output = tunstack.output();
            TunstackCounters summary = tunstack.summary();
            String summaryText = output.substring(output.indexOf("tunstack stopped: "));
            long answeredLines = sum(ANSWERED_LINE, summaryText);
            long droppedLines = DropCounts.parse(summaryText).total();
            Matcher sent = SENT_LINE.matcher(summaryText);
            assertTrue(sent.find(), summaryText);
            assertAll("the summary adds up" + replay + "\n" + summaryText,
                    () -> assertEquals(summary.packetsRead(), summary.answered() + summary.dropped() + summary.held(),
                            "read = answered + dropped + held"),
                    () -> assertEquals(summary.answered(), answeredLines, "the answer lines add up to answered"),
                    () -> assertEquals(summary.dropped(), droppedLines, "the drop lines add up to dropped"),
                    () -> assertEquals(0, summary.deviceErrors(), "no device error"),
                    () -> assertEquals(Long.parseLong(sent.group(1)), summary.packetsWritten(),
                            "every packet sent was written"),
                    () -> assertTrue(summary.answered() >= traffic.repliesReceived.get(), "every reply a ping got ("
                            + traffic.repliesReceived + ") was answered"),
                    () -> assertTrue(summary.dropped() >= traffic.garbageSent.get(), "every garbage packet ("
                            + traffic.garbageSent + ") was dropped"),
                    () -> assertTrue(traffic.repliesReceived.get() > 0 && traffic.garbageSent.get() > 0,
                            "traffic flowed"));
            System.out.printf("soak: %s; ping replies %d, garbage packets %d, scrapes %d%n", summary,
                    traffic.repliesReceived.get(), traffic.garbageSent.get(), traffic.scrapes.get());
            assertFalse(output.contains("LEAK:"), "no ByteBuf leak under paranoid detection\n" + tail(output));
        }
    }

    /** RSS, file descriptors and threads stay within the tolerances after the warm-up. */
    private static void assertFlat(List<Sample> samples, long warmUp) {
        List<Sample> steady = samples.stream().filter(s -> s.second() >= warmUp).toList();
        assertTrue(steady.size() >= 2 * WINDOW, "enough samples after the warm-up: " + steady.size());
        List<Sample> first = steady.subList(0, WINDOW);
        List<Sample> last = steady.subList(steady.size() - WINDOW, steady.size());
        String all = samples.stream().map(Sample::toString).collect(Collectors.joining("\n"));
        long rssGrowth = median(last, Sample::rssKb) - median(first, Sample::rssKb);
        long fdGrowth = median(last, Sample::fds) - median(first, Sample::fds);
        long threadGrowth = median(last, Sample::threads) - median(first, Sample::threads);
        System.out.printf("soak: after a warm-up of %d s, medians of the first and last %d samples: RSS %d -> %d KiB,"
                + " fds %d -> %d, threads %d -> %d (max RSS %d KiB)%n", warmUp, WINDOW, median(first, Sample::rssKb),
                median(last, Sample::rssKb), median(first, Sample::fds), median(last, Sample::fds),
                median(first, Sample::threads), median(last, Sample::threads),
                steady.stream().mapToLong(Sample::rssKb).max().orElse(-1));
        assertAll("flat after a warm-up of " + warmUp + " s; the samples:\n" + all,
                () -> assertTrue(rssGrowth <= RSS_TOLERANCE_KB, "RSS grew by " + rssGrowth + " KiB"),
                () -> assertTrue(fdGrowth <= COUNT_TOLERANCE, "open file descriptors grew by " + fdGrowth),
                () -> assertTrue(threadGrowth <= COUNT_TOLERANCE, "threads grew by " + threadGrowth));
    }

    private static long median(List<Sample> samples, java.util.function.ToLongFunction<Sample> field) {
        List<Long> values = new ArrayList<>(samples.stream().map(field::applyAsLong).toList());
        Collections.sort(values);
        return values.get(values.size() / 2);
    }

    private static Sample sample(long second, Path proc) throws IOException {
        long rss = -1;
        int threads = -1;
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.replaceAll("\\D", ""));
            }
        }
        int fds;
        try (var entries = Files.list(proc.resolve("fd"))) {
            fds = (int) entries.count();
        }
        return new Sample(second, rss, fds, threads);
    }

    private static long sum(Pattern pattern, String text) {
        long total = 0;
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            total += Long.parseLong(m.group(1));
        }
        return total;
    }

    private static String tail(String output) {
        return output.length() <= 4000 ? output : "..." + output.substring(output.length() - 4000);
    }

    /** The traffic of the soak: each method loops until the end, from its own thread. */
    private static final class Traffic {

        private static final int[] FLOOD_SIZES = {56, 1400, 0, 1000};

        private final long end;
        private volatile boolean stopped;
        final AtomicLong repliesReceived = new AtomicLong();
        final AtomicLong garbageSent = new AtomicLong();
        final AtomicLong scrapes = new AtomicLong();

        Traffic(long end) {
            this.end = end;
        }

        private boolean running() {
            return !stopped && System.nanoTime() < end;
        }

        void stop() {
            stopped = true;
        }

        /** {@code ping -f} of each size in turn, 2,000 requests each. */
        Void floods(String family, String address) {
            for (int i = 0; running(); i++) {
                int size = FLOOD_SIZES[i % FLOOD_SIZES.length];
                ping(family, "-f", "-q", "-c", "2000", "-w", "30", "-s", Integer.toString(size), address);
            }
            return null;
        }

        /** {@code ping -s 4000}: fragmented requests, reassembled, answered in fragments. */
        Void fragments(String family, String address) {
            while (running()) {
                ping(family, "-q", "-c", "20", "-i", "0.05", "-w", "30", "-s", "4000", address);
            }
            return null;
        }

        private void ping(String family, String... args) {
            PingResult result = family.equals("-6") ? Ping.ipv6(fixture.namespace(), args)
                    : Ping.ipv4(fixture.namespace(), args);
            assertFalse(result.hasWrongData() || result.hasDuplicates(), result.output());
            assertTrue(result.received() > 0, "a ping got replies under the soak: " + result.output());
            repliesReceived.addAndGet(result.received());
        }

        /** 100 invalid packets every half second, from the storm, in turn. */
        Void garbage(List<byte[]> packets) throws IOException {
            Injector injector = new Injector(fixture.namespace());
            for (int from = 0; running(); from = (from + 100) % packets.size()) {
                Injector.Report report = injector.inject(packets.subList(from, from + 100), Duration.ZERO, 2000);
                assertEquals(List.of(), report.errors(), "the injector sent every packet");
                garbageSent.addAndGet(report.sent() - Math.max(0, report.queueDropped()));
                sleep(500);
            }
            return null;
        }

        /** {@code curl /metrics} once a second; each scrape must answer with the counters. */
        Void scrapes() {
            while (running()) {
                CommandResult result = fixture.namespace().run(Duration.ofSeconds(10), "curl", "-sf", "--max-time",
                        "5", "http://127.0.0.1:" + METRICS_PORT + "/metrics");
                assertTrue(result.succeeded() && result.output().contains("tunstack_packets_read_total"),
                        "the metrics endpoint answers under the soak: " + result.describe());
                scrapes.incrementAndGet();
                sleep(1000);
            }
            return null;
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
