package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.NetworkNamespace;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.TunstackProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An idle tunstack, started the way the README starts it (the launcher {@code app/target/tunstack}), uses no CPU and
 * wakes no thread of its own: no timer runs while no packet arrives. IPv6 is off in the namespace, so that the
 * kernel's own router solicitations (packets, which do wake the worker) stay out of the quiet time.
 *
 * <p>Measured from {@code /proc/PID/task/*}: over {@value #QUIET_SECONDS} s, starting {@value #SETTLE_SECONDS} s
 * after the last ping (the status line's interval with packets, then the one without, after which it sleeps), the
 * worker and the status thread make no voluntary context switch, and the whole process uses at most one clock tick
 * (10 ms at the usual 100 Hz: the JVM's own chunk pool cleaner wakes every 5 s, which JDK 17 cannot turn off).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class IdleIT {

    static final int SETTLE_SECONDS = 12;
    static final int QUIET_SECONDS = 10;

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("idle").configuring(NetworkNamespace::disableIpv6);

    /** One thread's CPU ticks ({@code utime + stime}) and voluntary context switches. */
    record ThreadUse(long ticks, long wakeUps) {
    }

    @Test
    void anIdleTunstackUsesNoCpuAndWakesNoThreadOfItsOwn() throws Exception {
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace(),
                TunstackProcess.launcherCommand(List.of()))) {
            PingResult ping = Ping.ipv4(fixture.namespace(), "-c", "3", "-i", "0.2", "-W", "2", "172.21.22.26");
            assertEquals(3, ping.received(), ping.output());
            Path proc = Path.of("/proc", Long.toString(tunstack.process().pid()));

            Thread.sleep(TimeUnit.SECONDS.toMillis(SETTLE_SECONDS));
            Map<String, ThreadUse> before = threads(proc);
            Thread.sleep(TimeUnit.SECONDS.toMillis(QUIET_SECONDS));
            Map<String, ThreadUse> after = threads(proc);

            long ticks = after.values().stream().mapToLong(ThreadUse::ticks).sum()
                    - before.values().stream().mapToLong(ThreadUse::ticks).sum();
            String report = "threads (name/tid: ticks, wake-ups) before " + before + "\nafter " + after;
            assertAll(
                    () -> assertEquals(0, wakeUps(before, after, "tunstack-queue"), "the worker slept\n" + report),
                    () -> assertEquals(0, wakeUps(before, after, "tunstack-status"),
                            "the status line slept\n" + report),
                    () -> assertTrue(ticks <= 1, ticks + " ticks in " + QUIET_SECONDS + " s idle\n" + report));
        }
    }

    private static long wakeUps(Map<String, ThreadUse> before, Map<String, ThreadUse> after, String name) {
        long total = 0;
        for (Map.Entry<String, ThreadUse> thread : after.entrySet()) {
            if (thread.getKey().startsWith(name)) {
                ThreadUse was = before.get(thread.getKey());
                total += thread.getValue().wakeUps() - (was == null ? 0 : was.wakeUps());
            }
        }
        return total;
    }

    /** Every thread of the process, by {@code comm/tid}. */
    private static Map<String, ThreadUse> threads(Path proc) throws IOException {
        Map<String, ThreadUse> threads = new TreeMap<>();
        try (var tasks = Files.list(proc.resolve("task"))) {
            for (Path task : tasks.toList()) {
                String stat = Files.readString(task.resolve("stat"));
                // Fields after the command name in parentheses: state is field 3; utime and stime are 14 and 15.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                long wakeUps = Files.readAllLines(task.resolve("status")).stream()
                        .filter(line -> line.startsWith("voluntary_ctxt_switches:"))
                        .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                        .findFirst().orElse(0);
                String name = Files.readString(task.resolve("comm")).strip() + "/" + task.getFileName();
                threads.put(name, new ThreadUse(ticks, wakeUps));
            }
        }
        return threads;
    }
}
