package io.tunstack.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The signals tunstack handles itself.
 *
 * <ul>
 *   <li>{@code SIGINT}, {@code SIGTERM} and {@code SIGHUP} (the terminal closed) ask for an orderly stop: the workers are woken and joined, the capture flushed, the device closed, the
 *       summary printed, and the process exits with status 0. A JVM shutdown hook could not do this: the JVM exits
 *       with 128 + the signal number after a hook.
 *   <li>Another of them while the stop runs is ignored: {@code timeout(1)} sends {@code SIGTERM} to its child and then
 *       to its whole process group, so two arrive at once, and supervisors send one per process of a group. Only one
 *       that comes {@link #FORCE_AFTER} or later after the first (the stop hangs, and someone insists) exits at once,
 *       with 128 + its number, without the summary; the capture then holds what was flushed, at most a second behind.
 *   <li>{@code SIGUSR1} logs the counters line, like {@code dd} prints its progress.
 *   <li>With a config file ({@code --config}), {@code SIGHUP} reloads it instead of stopping, as daemons do
 *       ({@code nginx -s reload}, sshd); then only {@code SIGINT} and {@code SIGTERM} stop.
 * </ul>
 *
 * <p>A signal that was ignored when tunstack started stays ignored, as the JVM leaves it (it installs no handler for
 * it): {@code nohup} ignores {@code SIGHUP}, and a non-interactive shell starts background jobs with {@code SIGINT}
 * ignored. {@link #install} returns which stop signals are ignored, so that tunstack can say so.
 *
 * <p>{@code sun.misc.Signal} (module {@code jdk.unsupported}) is the JDK's only way to handle a signal without a
 * shutdown hook; javac warns about it, on purpose, and this class is the only place that uses it.
 */
final class SignalHandlers {

    private static final Logger log = LoggerFactory.getLogger(SignalHandlers.class);

    /** The signals that ask for an orderly stop, by name without {@code SIG}. */
    static final List<String> STOP_SIGNALS = List.of("INT", "TERM", "HUP");

    /** How long after the first stop signal a further one is taken as "stop now" rather than as a duplicate. */
    static final Duration FORCE_AFTER = Duration.ofSeconds(3);

    private SignalHandlers() {
    }

    /**
     * Installs the handlers. They run on a thread of their own, so {@code stop} and {@code report} must be safe to
     * call from any thread.
     *
     * @param stop asked for an orderly stop, once, with the signal's name ({@code "SIGTERM"})
     * @return the stop signals that stay ignored, because tunstack inherited them ignored ({@code "SIGINT"})
     */
    static List<String> install(Consumer<String> stop, Runnable report) {
        return install(stop, report, null);
    }

    /**
     * Installs the handlers, with {@code SIGHUP} running {@code reload} rather than stopping when {@code reload} is
     * not {@code null}. The handlers run on a thread of their own.
     *
     * @return the stop signals that stay ignored, because tunstack inherited them ignored ({@code "SIGINT"})
     */
    static List<String> install(Consumer<String> stop, Runnable report, Runnable reload) {
        StopSignals stopSignals = new StopSignals(stop, System::nanoTime, status -> Runtime.getRuntime().halt(status));
        List<String> ignored = new ArrayList<>();
        for (String name : STOP_SIGNALS) {
            if (reload != null && name.equals("HUP")) {
                Signal.handle(new Signal(name), signal -> reload.run());
                continue;
            }
            SignalHandler previous = Signal.handle(new Signal(name),
                    signal -> stopSignals.received("SIG" + signal.getName(), signal.getNumber()));
            if (previous == SignalHandler.SIG_IGN) {
                ignored.add("SIG" + name);
            }
        }
        Signal.handle(new Signal("USR1"), signal -> report.run());
        return ignored;
    }

    /** What a stop signal does: the first asks for the orderly stop, later ones see {@link SignalHandlers}. */
    static final class StopSignals {

        private final Consumer<String> stop;
        private final LongSupplier nanoClock;
        private final IntConsumer halt;
        /** When the first stop signal came; guarded by this, as is {@link #stopping}. */
        private long firstNanos;
        private boolean stopping;

        /**
         * @param halt exits the process at once with the given status ({@link Runtime#halt} in production)
         */
        StopSignals(Consumer<String> stop, LongSupplier nanoClock, IntConsumer halt) {
            this.stop = stop;
            this.nanoClock = nanoClock;
            this.halt = halt;
        }

        /**
         * A stop signal {@code name} (number {@code number}) arrived. The stop is asked for under the lock, so that
         * its log line comes before any duplicate's.
         */
        synchronized void received(String name, int number) {
            long now = nanoClock.getAsLong();
            if (!stopping) {
                stopping = true;
                firstNanos = now;
                stop.accept(name);
                return;
            }
            if (now - firstNanos < FORCE_AFTER.toNanos()) {
                log.info("{} while stopping: ignored (one after {} s would exit at once, without the summary)",
                        name, FORCE_AFTER.toSeconds());
                return;
            }
            log.warn("{} while stopping for {} ms: exiting at once, without the summary", name,
                    Duration.ofNanos(now - firstNanos).toMillis());
            halt.accept(128 + number);
        }
    }
}
