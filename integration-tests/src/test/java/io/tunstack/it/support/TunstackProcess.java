package io.tunstack.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The built {@code tunstack.jar}, running inside a {@link NetworkNamespace}: started with
 * {@code ip netns exec NS java -jar tunstack.jar ARGS}, with Netty's leak detection at its strictest.
 *
 * <p>{@link #startReady} returns once tunstack logged its ready line (never after a fixed sleep). {@link #close()}
 * kills it if a test left it running.
 */
public final class TunstackProcess implements AutoCloseable {

    /** Generous: a JVM starts slowly on a busy two-core machine. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** How long an orderly stop after SIGTERM or SIGINT may take. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private static final String READY = "tunstack ready on ";

    private final RunningProcess process;

    private TunstackProcess(RunningProcess process) {
        this.process = process;
    }

    /** The jar under test, from the system property {@code tunstack.jar} (set by the integration-tests pom). */
    public static Path jar() {
        String property = System.getProperty("tunstack.jar");
        if (property == null) {
            throw new AssertionError("system property tunstack.jar is not set (run the tests through Maven)");
        }
        Path jar = Path.of(property).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " does not exist: build it first (./mvnw -B package -DskipTests)");
        }
        return jar;
    }

    /** The command line that runs the jar with {@code args}: this JVM's java, leak detection paranoid. */
    public static List<String> javaCommand(List<String> args) {
        return javaCommand(List.of(), args);
    }

    /** Like {@link #javaCommand(List)}, with {@code jvmOptions} (e.g. a fixed heap) before {@code -jar}. */
    public static List<String> javaCommand(List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dio.netty.leakDetection.level=paranoid"));
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(args);
        return command;
    }

    /**
     * The command line that runs the launcher the build made beside the jar ({@code app/target/tunstack}, the way the
     * README runs tunstack, with its JVM flags) with {@code args}, leak detection paranoid.
     */
    public static List<String> launcherCommand(List<String> args) {
        Path launcher = jar().resolveSibling("tunstack");
        if (!Files.isExecutable(launcher)) {
            throw new AssertionError(launcher + " does not exist: build it first (./mvnw -B package -DskipTests)");
        }
        List<String> command = new ArrayList<>(List.of("env",
                "TUNSTACK_JAVA_OPTS=-Dio.netty.leakDetection.level=paranoid", launcher.toString()));
        command.addAll(args);
        return command;
    }

    /** Starts tunstack with {@code args} in {@code namespace} and waits for its ready line. */
    public static TunstackProcess startReady(NetworkNamespace namespace, String... args) throws InterruptedException {
        return startReady(namespace, javaCommand(List.of(args)));
    }

    /** Starts tunstack with {@code jvmOptions} and {@code args} in {@code namespace} and waits for its ready line. */
    public static TunstackProcess startReady(NetworkNamespace namespace, List<String> jvmOptions, String... args)
            throws InterruptedException {
        return startReady(namespace, javaCommand(jvmOptions, List.of(args)));
    }

    /** Starts {@code command} ({@link #javaCommand} or {@link #launcherCommand}) and waits for the ready line. */
    public static TunstackProcess startReady(NetworkNamespace namespace, List<String> command)
            throws InterruptedException {
        return awaitReady(RunningProcess.start(namespace.exec(command)));
    }

    /**
     * Waits for the ready line of a tunstack that a test started its own way (under {@code env}, {@code timeout},
     * with its stdout apart); kills it if the line does not come.
     */
    public static TunstackProcess awaitReady(RunningProcess process) throws InterruptedException {
        try {
            process.awaitLine(0, line -> line.contains(READY), START_TIMEOUT);
        } catch (AssertionError | InterruptedException e) {
            process.close();
            throw e;
        }
        return new TunstackProcess(process);
    }

    /**
     * {@code /proc/PID/task/TID} of the thread that serves queue 0 ({@code comm} "tunstack-queue-"): the one that
     * handles packets. Its namespace and privileges can differ from the JVM's first thread's, which
     * {@code /proc/PID} shows.
     */
    public Path workerTask() throws IOException {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            for (Path task : tasks.toList()) {
                if (Files.readString(task.resolve("comm")).startsWith("tunstack-queue")) {
                    return task;
                }
            }
        }
        throw new AssertionError("no tunstack-queue thread in process " + process.pid());
    }

    public RunningProcess process() {
        return process;
    }

    /** The current counts: sends SIGUSR1 and waits for the counters line it logs. */
    public TunstackCounters counters() throws InterruptedException {
        int from = process.lines().size();
        process.signal("USR1");
        String line = process.awaitLine(from, TunstackCounters::isCountsLine, Duration.ofSeconds(10));
        return TunstackCounters.find(line).orElseThrow();
    }

    /**
     * Sends {@code signal} ({@code TERM} or {@code INT}) and waits for the exit.
     *
     * @return the exit status
     */
    public int stop(String signal) throws InterruptedException {
        process.signal(signal);
        return process.awaitExit(STOP_TIMEOUT);
    }

    /**
     * The counts of the exit summary ({@code 2026-11-30T10:14:29.123Z tunstack stopped: ...}); fails if there is
     * none.
     */
    public TunstackCounters summary() {
        return process.lines().stream()
                .filter(line -> line.contains(" tunstack stopped: "))
                .findFirst()
                .flatMap(TunstackCounters::find)
                .orElseThrow(() -> new AssertionError("no summary in: " + process.describe()));
    }

    /** Everything tunstack printed so far. */
    public String output() {
        return process.output();
    }

    /** Kills tunstack if it still runs. */
    @Override
    public void close() {
        process.close();
    }
}
