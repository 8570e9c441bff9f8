package io.tunstack.app;

import io.netty.buffer.PooledByteBufAllocator;
import io.tunstack.app.hosts.HostProfiles;
import io.tunstack.app.observe.CounterSource;
import io.tunstack.app.observe.TrafficSignal;
import io.tunstack.device.IfInet6;
import io.tunstack.device.InterfaceConfig;
import io.tunstack.device.NativeException;
import io.tunstack.device.Privileges;
import io.tunstack.device.RouteTable;
import io.tunstack.device.TunDevice;
import io.tunstack.stack.NetworkStack;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.address.IpAddress;
import io.tunstack.stack.address.IpFamily;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.address.MacAddress;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.link.EthernetLayer;
import io.tunstack.stack.link.HostMacs;
import io.tunstack.stack.link.LinkLayer;
import io.tunstack.stack.link.RawIpLayer;
import io.tunstack.stack.verdict.StackCounters;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running program: the device with its queues, and one {@link Worker} thread per queue.
 *
 * <p>Life cycle, driven by the command: {@link #start()} opens (and unless {@code --no-configure}, configures) the
 * device, starts the workers and logs the ready line; {@link #awaitTermination()} returns when every worker has ended;
 * {@link #close()} closes the device queues, and the kernel removes a device that tunstack created.
 *
 * <p>{@link #stop()} may be called from any thread at any time, also before or during {@link #start()} (a signal
 * that arrives early): it wakes every queue opened so far, and queues opened later start woken.
 */
final class Responder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Responder.class);

    /**
     * How long the start waits for a TAP device's link to run ({@link InterfaceConfig#awaitRunning}): the kernel
     * defers the work by at most a second.
     */
    static final Duration TAP_RUNNING_TIMEOUT = Duration.ofSeconds(3);

    /** As given, until {@link #start()} leaves out a family the device cannot run. */
    private volatile ResponderSettings settings;
    private final IntFunction<PacketObserver> observerForQueue;
    /** The hosts' profiles, read by every worker; {@code null} for none. */
    private final HostProfiles profiles;
    /** The seed of the profiles' random choices, or {@code null} to draw one. */
    private final Long seed;
    /** Given by every worker when a packet arrives after its queue was empty: the status line's wake-up. */
    private final TrafficSignal traffic;

    /** The open device queues; guarded by {@code this} together with {@link #stopRequested}. */
    private final List<TunDevice> devices = new ArrayList<>();
    private boolean stopRequested;

    /** Set once by {@link #start()}, before the threads start; read by any thread for the counters. */
    private volatile List<Worker> workers = List.of();
    /** Set once by {@link #start()}; used by the thread that started them. */
    private List<Thread> threads = List.of();

    private volatile String failure;

    /** The routes added for {@code --answer} outside the subnets; removed by {@link #close()}. */
    private AnswerRoutes answerRoutes;

    /**
     * @param observerForQueue the observer for the worker of queue {@code i}, or {@code null} for none
     * @param traffic given by every worker when a packet arrives after its queue was empty
     */
    Responder(ResponderSettings settings, IntFunction<PacketObserver> observerForQueue, TrafficSignal traffic) {
        this(settings, observerForQueue, null, null, traffic);
    }

    /**
     * @param observerForQueue the observer for the worker of queue {@code i}, or {@code null} for none
     * @param profiles the hosts' profiles, one source per queue ({@link HostProfiles#source(int)}), or {@code null}
     * @param seed the seed of the profiles' random choices, or {@code null} to draw one; queue {@code i} gets
     *     {@code seed + i}, so that the queues do not draw the same numbers
     * @param traffic given by every worker when a packet arrives after its queue was empty
     */
    Responder(ResponderSettings settings, IntFunction<PacketObserver> observerForQueue, HostProfiles profiles,
            Long seed, TrafficSignal traffic) {
        this.settings = settings;
        this.observerForQueue = observerForQueue;
        this.profiles = profiles;
        this.seed = seed;
        this.traffic = traffic;
    }

    /**
     * Opens and configures the device, starts one worker per queue, and once every worker is about to read, logs one
     * ready line.
     *
     * @return whether tunstack is ready: false when a stop was asked for during the start (the workers then end)
     */
    boolean start() throws StartupException, InterruptedException {
        String name = settings.deviceName();
        refuseUnswitchableUser();
        raiseNetAdmin();
        int mtu = settings.configure() ? settings.mtu() : existingDeviceMtu(name);
        if (settings.configure() && !settings.force()) {
            DeviceSetup.refuseOverlappingSubnets(name, settings.addresses());
            DeviceSetup.refuseOverlappingAnswerRoutes(name, AnswerRoutes.prefixes(settings.stackConfig(mtu)));
        }
        TunDevice first = open(name);
        name = first.name();
        if (!settings.configure()) {
            settings = attached(name);
        }
        settings = withAvailableFamilies(name);
        if (settings.configure()) {
            configure(name, mtu);
            routeAnswers(name, mtu);
        }
        for (int queue = 1; queue < settings.queues(); queue++) {
            open(name);
        }
        if (settings.tap()) {
            awaitTapRunning(name);
        }
        givePrivilegesUp();
        StackConfig config = settings.stackConfig(mtu);
        List<TunDevice> queues;
        synchronized (this) {
            queues = List.copyOf(devices);
        }
        CountDownLatch running = new CountDownLatch(queues.size());
        List<Worker> newWorkers = new ArrayList<>();
        List<Thread> newThreads = new ArrayList<>();
        for (int queue = 0; queue < queues.size(); queue++) {
            StackConfig queueConfig = profiles == null ? config : settings.stackConfig(mtu, profiles.source(queue),
                    seed == null ? null : seed + queue);
            StackCounters counters = new StackCounters();
            NetworkStack stack = new NetworkStack(queueConfig, counters);
            LinkLayer layer = settings.tap()
                    ? new EthernetLayer(stack, HostMacs.of(stack, System::nanoTime), counters, System::nanoTime,
                            PooledByteBufAllocator.DEFAULT)
                    : new RawIpLayer(stack);
            Worker worker = new Worker(queue, queues.get(queue), layer, observerForQueue.apply(queue),
                    this::workerFailed, System::nanoTime, traffic);
            if (queue == 0 && settings.announce()) {
                // Once for the device, not per queue: every queue's frames reach the same neighbours.
                worker.announceFirst(((EthernetLayer) layer)::announce);
            }
            newWorkers.add(worker);
            newThreads.add(new Thread(() -> worker.run(running), "tunstack-queue-" + queue));
        }
        workers = List.copyOf(newWorkers);
        threads = List.copyOf(newThreads);
        threads.forEach(Thread::start);
        running.await();
        synchronized (this) {
            if (stopRequested) {
                return false; // a signal came during the start: not ready, stopping
            }
        }
        unreachableAnswers(config).forEach(warning -> log.warn("{}", warning));
        if (profiles != null) {
            profilesOutsideAnswers(config, profiles.hosts()).forEach(warning -> log.warn("{}", warning));
        }
        if (!settings.configure()) {
            warnOfMissingRoutes(name, config);
        }
        log.info("{}", readyLine(name, linkDescription(name), config, mtu, queues.size()));
        return true;
    }

    /**
     * Waits for a TAP device's link to run before the workers start, so that the ready line, and {@code --announce}'s
     * frames, come when a bridge forwards to the device: until the kernel has the link up, a bridge drops what its
     * other ports send to it (a first ARP request, tried once, is lost) and what it sends. A TUN device needs no wait:
     * the kernel routes to it as soon as it is up.
     */
    private static void awaitTapRunning(String name) throws InterruptedException {
        try {
            if (!InterfaceConfig.awaitRunning(name, TAP_RUNNING_TIMEOUT)) {
                log.warn("{}'s link is not running after {} s (no IFF_RUNNING): a bridge forwards nothing to it until"
                        + " it runs", name, TAP_RUNNING_TIMEOUT.toSeconds());
            }
        } catch (NativeException e) {
            // The workers meet a device that is gone at their first read, and say so.
            log.warn("cannot read the flags of {} to wait for its link: {}", name, e.getMessage());
        }
    }

    /**
     * What {@code --answer} asks for that can never be answered: the IPv4 broadcast without {@code --answer-broadcast}
     * (a broadcast is not one host). Addresses outside the device's subnets are answered through routes of their own
     * ({@link AnswerRoutes}).
     */
    static List<String> unreachableAnswers(StackConfig config) {
        List<String> warnings = new ArrayList<>();
        InterfaceAddress ipv4 = config.ipv4();
        if (ipv4 != null && ipv4.prefixLength() < 31 && !config.answerBroadcast()
                && config.answered().contains(ipv4.last())) {
            warnings.add("--answer includes the broadcast " + ipv4.last() + ", which is answered only with"
                    + " --answer-broadcast");
        }
        return warnings;
    }

    /**
     * The host profiles that reach addresses tunstack does not answer: a profile shapes answers, and an address outside
     * {@code --answer} (or the device's own) gets none, so its profile does nothing there. Only a range's first and
     * last address are looked at: a range half inside is named too, a hole in its middle is not.
     */
    static List<String> profilesOutsideAnswers(StackConfig config, List<HostProfiles.Host> hosts) {
        List<String> warnings = new ArrayList<>();
        for (HostProfiles.Host host : hosts) {
            boolean first = config.answered().contains(host.range().first());
            boolean last = config.answered().contains(host.range().last());
            if (!first || !last) {
                warnings.add("host profile " + host.name() + " applies to " + host.range() + ", " + (first || last
                        ? "partly outside" : "outside") + " the addresses tunstack answers (--answer): no answer"
                        + " there to shape");
            }
        }
        return warnings;
    }

    /**
     * With {@code --no-configure}: the prefixes of {@code --answer} outside the subnets that no route sends to the
     * device, each with the command that adds it; tunstack adds routes only to a device it configures.
     */
    private static void warnOfMissingRoutes(String name, StackConfig config) {
        List<InterfaceAddress> prefixes = AnswerRoutes.prefixes(config);
        if (prefixes.isEmpty()) {
            return;
        }
        List<InterfaceAddress> missing;
        try {
            missing = AnswerRoutes.missing(name, prefixes, RouteTable.read());
        } catch (IOException e) {
            log.warn("cannot read the routing table to check the routes of --answer: {}", e.getMessage());
            return;
        }
        for (InterfaceAddress prefix : missing) {
            log.warn("--answer includes {}, outside the subnets of {}, and no route sends it there: add one with"
                    + " 'ip route add {} dev {}'", prefix, name, prefix, name);
        }
    }

    /**
     * The one line that says tunstack is answering: {@code tunstack ready on tun0 (172.21.22.23/24, mtu 1500, 1 queue):
     * answering 172.21.22.1-172.21.22.22,...; open ports: 22/tcp,53/udp} (or {@code ; no open ports}). Every figure is
     * the stack's own: its configuration's addresses, answered set, broadcast (which for a /31 or /32 is the limited
     * broadcast, as the stack treats it) and open ports.
     */
    static String readyLine(String name, StackConfig config, int mtu, int queues) {
        return readyLine(name, null, config, mtu, queues);
    }

    /**
     * The ready line of a device whose link says more than its addresses: {@code tunstack ready on tap0 (TAP
     * 6e:5e:0b:11:22:33, 172.21.22.23/24, mtu 1500, 1 queue): ...}, or with {@code link} {@code null} as
     * {@link #readyLine(String, StackConfig, int, int)}.
     */
    static String readyLine(String name, String link, StackConfig config, int mtu, int queues) {
        List<String> answering = new ArrayList<>();
        if (!config.answered().isEmpty()) {
            answering.add(config.answered().toString());
        }
        if (config.answerBroadcast() && config.ipv4() != null) {
            answering.add("the broadcast " + Ipv4Address.format(config.ipv4().ipv4SubnetBroadcast()));
        }
        return "tunstack ready on " + name + " (" + (link == null ? "" : link + ", ") + addresses(config) + ", mtu "
                + mtu + ", " + (queues == 1 ? "1 queue" : queues + " queues") + "): answering "
                + String.join(" and ", answering)
                + (config.openPorts().isEmpty() ? "; no open ports" : "; open ports: " + config.openPorts());
    }

    /**
     * What the ready line says of a TAP device: {@code TAP} and the device's own MAC address (the kernel's, which
     * tunstack never claims), or {@code null} for a TUN device.
     */
    private String linkDescription(String name) {
        if (!settings.tap()) {
            return null;
        }
        try {
            return "TAP " + MacAddress.format(InterfaceConfig.ethernetAddress(name));
        } catch (NativeException e) {
            log.debug("cannot read the MAC address of {}: {}", name, e.getMessage());
            return "TAP";
        }
    }

    /** The device's own addresses as the stack runs them: {@code 172.21.22.23/24}. */
    private static String addresses(StackConfig config) {
        List<String> own = new ArrayList<>();
        for (IpFamily family : IpFamily.values()) {
            InterfaceAddress address = family == IpFamily.IPV4 ? config.ipv4() : config.ipv6();
            if (address != null) {
                own.add(address.toString());
            }
        }
        return String.join(", ", own);
    }

    /**
     * Asks every worker to stop once the answers the hosts' profiles hold back have been sent ({@code --count},
     * {@code --duration}): no packet is read any more, and each held answer leaves at its time. A {@link #stop()}
     * meanwhile ends the wait. Any thread.
     */
    void stopAfterHeldAnswers() {
        requestStop(true);
    }

    /** Asks every worker to stop at once; held answers are discarded (counted). Idempotent; any thread. */
    void stop() {
        requestStop(false);
    }

    private void requestStop(boolean sendHeldAnswers) {
        synchronized (this) {
            // The first request decides; a later stop() cuts a wait for held answers short, and a later
            // stopAfterHeldAnswers() does not start one after a stop().
            if (!stopRequested || !sendHeldAnswers) {
                workers.forEach(worker -> worker.sendHeldAnswersBeforeStop(sendHeldAnswers));
            }
            if (!stopRequested) {
                log.debug("stopping: waking {} queue(s)", devices.size());
            }
            stopRequested = true;
            devices.forEach(TunDevice::wakeup);
        }
    }

    /** Waits until every worker has ended: after {@link #stop()} or a device failure. */
    void awaitTermination() throws InterruptedException {
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /**
     * Waits at most {@code timeout} for every worker to end.
     *
     * @return whether they all ended
     */
    boolean awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            if (thread.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** The totals so far; any thread. */
    Summary summary() {
        return Summary.of(counterSource(), profiles);
    }

    /** What the summary, the status line and the metrics read, from their own threads; empty before start. */
    CounterSource counterSource() {
        return CounterSource.of(workers.stream().map(Worker::counters).toList());
    }

    /** Why a worker stopped on its own (a failed read), or {@code null} if none did. */
    String failure() {
        return failure;
    }

    /**
     * Closes every device queue, then removes the routes added for {@code --answer} (those of a device that the kernel
     * removed on the close are gone with it). Call after {@link #awaitTermination()}.
     */
    @Override
    public void close() {
        synchronized (this) {
            devices.forEach(TunDevice::close);
            devices.clear();
        }
        if (answerRoutes != null) {
            answerRoutes.close();
            answerRoutes = null;
        }
    }

    private int existingDeviceMtu(String name) throws StartupException {
        try {
            return InterfaceConfig.mtu(name);
        } catch (NativeException e) {
            throw new StartupException(DeviceErrors.attachFailed(name, settings.linkType(), e), e);
        }
    }

    private TunDevice open(String name) throws StartupException {
        TunDevice device;
        try {
            device = TunDevice.open(name, settings.linkType(), settings.multiQueue());
        } catch (NativeException e) {
            throw new StartupException(DeviceErrors.openFailed(name, settings.linkType(), e), e);
        }
        synchronized (this) {
            devices.add(device);
            if (stopRequested) {
                device.wakeup();
            }
        }
        log.debug("opened {}", device);
        return device;
    }

    /**
     * With {@code --no-configure}: the device's own addresses, read from the kernel, are the ones tunstack runs with;
     * an {@code --address} the device does not hold is refused (tunstack would otherwise answer for the kernel's own
     * address and drop the real one), and a device that is down is reported, since the kernel sends it nothing.
     */
    private ResponderSettings attached(String name) throws StartupException {
        List<InterfaceAddress> held = new ArrayList<>();
        try {
            int address = InterfaceConfig.address(name);
            int netmask = InterfaceConfig.netmask(name);
            held.add(InterfaceAddress.ipv4(address, Integer.bitCount(netmask)));
        } catch (NativeException e) {
            log.debug("{} has no IPv4 address: {}", name, e.getMessage());
        }
        try {
            for (IfInet6 entry : IfInet6.of(name)) {
                if (entry.scope() == IfInet6.SCOPE_GLOBAL) {
                    held.add(new InterfaceAddress(IpAddress.fromBytes(entry.address()), entry.prefixLength()));
                    break;
                }
            }
            if (!InterfaceConfig.isUp(name)) {
                log.warn("device {} is down: the kernel sends it nothing until 'ip link set {} up'", name, name);
            }
        } catch (NativeException e) {
            throw new StartupException(DeviceErrors.attachFailed(name, settings.linkType(), e), e);
        } catch (IOException e) {
            throw new StartupException("cannot read the IPv6 addresses of device " + name + ": " + e.getMessage(), e);
        }
        if (settings.addresses().isEmpty()) {
            if (held.isEmpty()) {
                throw new StartupException("device " + name + " has no address to answer around: give it one ('ip addr"
                        + " add ADDRESS/PREFIX dev " + name + "'), or let tunstack configure it (without --no-configure)",
                        null);
            }
            return settings.withAddresses(held);
        }
        for (InterfaceAddress given : settings.addresses()) {
            if (!held.contains(given)) {
                throw new StartupException("device " + name + " does not have --address " + given + " (it has: "
                        + (held.isEmpty() ? "no address" : held.stream().map(Object::toString)
                                .collect(java.util.stream.Collectors.joining(", ")))
                        + "); leave --address out to use the device's own", null);
            }
        }
        return settings;
    }

    /**
     * A process that is not root but holds CAP_NET_ADMIN as a permitted capability only (a file capability without the
     * effective bit, {@code setcap cap_net_admin+p}, as the container image's Java runtime has) makes it effective on
     * this thread, which sets the device up; {@link #givePrivilegesUp} drops it again before any packet is read.
     */
    private static void raiseNetAdmin() throws StartupException {
        try {
            if (!Privileges.isRoot()) {
                Privileges.raise(Privileges.CAP_NET_ADMIN);
            }
        } catch (IOException e) {
            throw new StartupException("cannot read this process's capabilities: " + e.getMessage(), e);
        }
    }

    /**
     * With {@code --user}, before anything is created: a process that could not give root up later (no
     * {@code CAP_SETUID} or {@code CAP_SETGID}, as in a container started with {@code --cap-drop ALL}) stops here.
     */
    private void refuseUnswitchableUser() throws StartupException {
        Owner user = settings.user();
        try {
            if (user == null || Privileges.effectiveUid() == user.uid() || Privileges.canSwitchUser()) {
                return;
            }
        } catch (IOException e) {
            throw new StartupException("cannot read this process's capabilities: " + e.getMessage(), e);
        }
        throw new StartupException("--user " + user.name() + " needs CAP_SETUID and CAP_SETGID to give root up, and"
                + " this process lacks them: " + (HostFacts.current().inContainer()
                        ? "start the container with --cap-add SETUID --cap-add SETGID, or as the user itself (docker"
                                + " run --user " + user.name() + "; /dev/net/tun must then be open to it, mode 0666 on"
                                + " most distributions)"
                        : "run tunstack as root"), null);
    }

    /**
     * With {@code --user}: the device is open and configured, so root is given up here, before the threads that parse
     * packets start (they inherit the calling thread's no_new_privs). Without it, a root process says once that it
     * stays root; a process that is not root (or already the {@code --user}) drops the capabilities it holds.
     */
    private void givePrivilegesUp() throws StartupException {
        Owner user = settings.user();
        try {
            if (user == null || Privileges.effectiveUid() == user.uid()) {
                if (Privileges.isRoot()) {
                    log.info("running as root; --user NAME gives root up once the device is set up");
                } else if ((Privileges.effectiveCapabilities() | Privileges.permittedCapabilities()) != 0) {
                    Privileges.dropCapabilities();
                    log.info("running as {} (uid {}) without any capability", System.getProperty("user.name"),
                            Privileges.effectiveUid());
                }
                return;
            }
            Privileges.dropTo(user.uid(), user.gid());
        } catch (IOException e) {
            throw new StartupException("cannot switch to user " + user + ": " + e.getMessage(), e);
        }
        log.info("running as {} (uid {}, gid {}) without any capability", user.name(), user.uid(), user.gid());
    }

    /**
     * The settings without IPv6 when the device cannot have it (disabled in the namespace or on the device, no IPv6 in
     * the kernel): said in one line, and tunstack answers IPv4 only. Without an IPv4 address there is nothing to run.
     */
    private ResponderSettings withAvailableFamilies(String name) throws StartupException {
        if (settings.address(IpFamily.IPV6) == null) {
            return settings;
        }
        Optional<String> unavailable = DeviceSetup.ipv6Unavailable(name);
        if (unavailable.isEmpty()) {
            return settings;
        }
        if (settings.address(IpFamily.IPV4) == null) {
            throw new StartupException("cannot run IPv6 on " + name + ": " + unavailable.get(), null);
        }
        log.info("IPv6 is not available on {}: {}; answering IPv4 only", name, unavailable.get());
        return settings.without(IpFamily.IPV6);
    }

    /** Gives the device its addresses, sets the MTU and brings it up. */
    private void configure(String name, int mtu) throws StartupException {
        DeviceSetup.configure(name, settings.address(IpFamily.IPV4), settings.address(IpFamily.IPV6), mtu);
        log.debug("configured {}: addresses {}, mtu {}, link up", name, settings.addresses(), mtu);
    }

    /**
     * Adds the routes for the answered addresses outside the device's subnets, for the families the device runs (the
     * settings as {@link #withAvailableFamilies} left them). The device is up: the kernel adds no route to a device
     * that is down.
     */
    private void routeAnswers(String name, int mtu) throws StartupException {
        answerRoutes = AnswerRoutes.add(name, AnswerRoutes.prefixes(settings.stackConfig(mtu)));
    }

    private void workerFailed(int queue, IOException cause) {
        failure = DeviceErrors.readFailed(settings.deviceName(), queue, cause);
        log.debug("stopping every queue: {}", failure);
        stop();
    }
}
