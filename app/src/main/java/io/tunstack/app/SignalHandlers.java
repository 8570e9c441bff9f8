package io.tunstack.app;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * The signals tunstack handles itself.
 *
 * <ul>
 *   <li>{@code SIGINT} and {@code SIGTERM} ask for an orderly stop: the workers are woken and joined, the device
 *       closed, the summary printed, and the process exits with status 0. A JVM shutdown hook could not do this: the
 *       JVM exits with 130 or 143 after a hook. A second {@code SIGINT} or {@code SIGTERM} exits at once, with
 *       128 + the signal number, in case the orderly stop hangs.
 *   <li>{@code SIGUSR1} logs the counters line, like {@code dd} prints its progress.
 * </ul>
 *
 * <p>A signal that was ignored when tunstack started stays ignored, as the JVM leaves it: {@code nohup} and the
 * background jobs of a non-interactive shell ignore {@code SIGINT}; {@code SIGTERM} still stops them.
 *
 * <p>{@code sun.misc.Signal} (module {@code jdk.unsupported}) is the JDK's only way to handle a signal without a
 * shutdown hook; javac warns about it, on purpose, and this class is the only place that uses it.
 */
final class SignalHandlers {

    private SignalHandlers() {
    }

    /**
     * Installs the handlers. They run on a thread of their own, so {@code stop} and {@code report} must be safe to
     * call from any thread.
     */
    static void install(Runnable stop, Runnable report) {
        AtomicBoolean stopping = new AtomicBoolean();
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> {
                if (stopping.compareAndSet(false, true)) {
                    stop.run();
                } else {
                    Runtime.getRuntime().halt(128 + signal.getNumber());
                }
            });
        }
        Signal.handle(new Signal("USR1"), signal -> report.run());
    }
}
