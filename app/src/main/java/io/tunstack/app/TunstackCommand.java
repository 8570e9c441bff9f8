package io.tunstack.app;

import io.tunstack.app.hosts.ControlServer;
import io.tunstack.app.hosts.HostProfiles;
import io.tunstack.app.observe.Observation;
import io.tunstack.app.observe.ObserveOptions;
import io.tunstack.app.observe.Timestamps;
import io.tunstack.app.observe.TrafficSignal;
import io.tunstack.device.LinkType;
import io.tunstack.device.NetworkNamespace;
import io.tunstack.device.NotifySocket;
import io.tunstack.stack.address.AddressSet;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.address.IpAddress;
import io.tunstack.stack.address.IpFamily;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.address.Ipv6Address;
import io.tunstack.stack.config.OpenPorts;
import io.tunstack.stack.config.StackConfig.RateLimit;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.limit.IcmpRateLimiter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code tunstack} command: its options, their checks, and the run from the ready line to the summary.
 *
 * <p>Exit status: 0 after an orderly stop (SIGINT, SIGTERM, SIGHUP, {@code --count} or {@code --duration}), 1 when
 * the device cannot be set up or fails, 2 for a usage error. Every error is one line on stderr, without a stack trace.
 */
@Command(
        name = "tunstack",
        subcommands = {DoctorCommand.class, SetupCommand.class, TeardownCommand.class, HostsCommand.class},
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        headerHeading = "",
        header = "Answers ping for virtual IPv4 and IPv6 subnets behind a Linux TUN or TAP device.",
        synopsisHeading = "%nUsage: ",
        descriptionHeading = "%n",
        description = {
            "Creates the device, gives it its addresses and brings it up, then answers ICMP and ICMPv6 echo requests"
                    + " (ping) for the other addresses of its subnets, and UDP and TCP as a host with no open port"
                    + " would (Port Unreachable, RST) unless --open opens some. The kernel answers the device's own"
                    + " addresses. With --tap the device is Ethernet: the hosts also answer ARP and neighbour"
                    + " discovery, and other namespaces, containers and VMs reach them through a bridge the device"
                    + " joins.",
            "'tunstack doctor' checks first whether it can run here, and changes nothing.",
            "Needs root or CAP_NET_ADMIN. Stop it with Ctrl-C, SIGTERM or SIGHUP (or let --count or --duration stop"
                    + " it): it flushes the capture, prints a summary and exits with 0. With --config, SIGHUP reloads"
                    + " the file's profiles and hosts instead. 'kill -USR1 PID' logs the"
                    + " counters so far. Log, status and summary lines begin with the local time and its UTC offset.",
            "Ready when it logs 'tunstack ready on ...'; without reading the log: --ready-file, sd_notify READY=1"
                    + " when NOTIFY_SOCKET is set, and /ready on the --metrics listener."
        },
        optionListHeading = "%nOptions:%n",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:stopped by SIGINT, SIGTERM or SIGHUP, or by --count or --duration",
            "1:the device could not be set up, or failed",
            "2:invalid command line"
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  sudo tunstack            and then: ping 172.21.22.26",
            "  sudo tunstack --answer 172.21.22.26,172.21.22.100-172.21.22.110",
            "  sudo tunstack --open 22/tcp,80/tcp,53/udp   and then: nc -z 172.21.22.26 22",
            "  sudo ip tuntap add dev tun7 mode tun",
            "  sudo ip addr add 10.9.0.1/24 dev tun7 && sudo ip link set tun7 up",
            "  sudo tunstack --device tun7 --address 10.9.0.1/24 --no-configure",
            "  sudo ip tuntap add dev tap0 mode tap && sudo ip link set tap0 master br0",
            "  sudo tunstack --tap --answer 172.21.22.1-172.21.22.127   and then, on br0: arping 172.21.22.26"
        })
public final class TunstackCommand implements Callable<Integer> {

    /** The kernel's limit on the queues of one TUN device ({@code MAX_TAP_QUEUES} in drivers/net/tun.c). */
    static final int MAX_QUEUES = 256;

    /** slf4j-simple's level for tunstack's own loggers; libraries (Netty) stay at the default level, info. */
    private static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.log.io.tunstack";

    @Spec
    CommandSpec spec;

    /** The device name without {@code --device}: {@code tun0}, or {@code tap0} with {@code --tap}. */
    static final String DEFAULT_TUN_DEVICE = "tun0";
    static final String DEFAULT_TAP_DEVICE = "tap0";

    @Option(names = "--device", paramLabel = "NAME", converter = DeviceNameConverter.class,
            description = "The device to create, or with --no-configure to attach to. Default: " + DEFAULT_TUN_DEVICE
                    + ", or " + DEFAULT_TAP_DEVICE + " with --tap.")
    String device;

    @Option(names = "--tap",
            description = "Open a TAP device (Ethernet) instead of a TUN device: the answered addresses become Ethernet"
                    + " neighbours with MAC addresses of their own (02:54 and the IPv4 address, 02:56 and the last 4"
                    + " bytes of the IPv6 address, or a profile's mac), answer ARP and neighbour discovery, and can be"
                    + " reached through a Linux bridge the device joins (containers, VMs, other namespaces).")
    boolean tap;

    @Option(names = "--announce",
            description = "With --tap: once ready, send a gratuitous ARP (IPv4) and an unsolicited Neighbor"
                    + " Advertisement (IPv6) for the answered addresses, so that neighbours learn their MAC addresses"
                    + " before they ask. Off by default: hosts answer when asked.")
    boolean announce;

    /** The device's addresses when no --address is given: one per family. */
    static final List<InterfaceAddress> DEFAULT_ADDRESSES =
            List.of(InterfaceAddress.parse("172.21.22.23/24"), InterfaceAddress.parse("fd00:172:21:22::23/64"));

    @Option(names = "--address", paramLabel = "CIDR", converter = InterfaceAddressConverter.class, split = ",",
            description = "The device's own address and subnet, at most once per family (IPv4, IPv6); with one family"
                    + " only, tunstack runs that family only. The kernel answers these addresses; tunstack never does."
                    + " Default: 172.21.22.23/24 and fd00:172:21:22::23/64 (IPv4 only where IPv6 is disabled).")
    List<InterfaceAddress> addresses;

    @Option(names = "--answer", paramLabel = "ADDR|RANGE|CIDR[,...]", converter = AddressSetConverter.class,
            description = "The addresses tunstack answers: single addresses, ranges and CIDR blocks, for example"
                    + " 172.21.22.26,172.21.22.30-172.21.22.39,fd00:172:21:22::26 or 172.21.22.64/28."
                    + " Addresses outside the device's subnets get routes through the device, removed at exit."
                    + " Default: every unicast address of each subnet except the device's own.")
    AddressSet answer;

    @Option(names = "--answer-broadcast",
            description = "Also answer echo requests to the subnet broadcast address. Off by default, like Linux with"
                    + " icmp_echo_ignore_broadcasts=1.")
    boolean answerBroadcast;

    @Option(names = "--answer-multicast",
            description = "Also answer ICMPv6 echo requests to multicast addresses (ping -6 ff02::1%%tun0), from the"
                    + " lowest answered address. Off by default.")
    boolean answerMulticast;

    @Option(names = "--no-configure",
            description = "Attach to an existing, already configured device (made with 'ip tuntap add', for example)"
                    + " and use its MTU and addresses; an --address given must be one the device holds.")
    boolean noConfigure;

    @Option(names = "--force",
            description = "Configure the subnets, and route the --answer prefixes outside them, even where they overlap"
                    + " a route of another interface (which then loses that network to the TUN device). Off: tunstack"
                    + " refuses, naming the route.")
    boolean force;

    @Option(names = "--mtu", paramLabel = "N",
            description = "The MTU to set on the device, " + StackConfig.MIN_MTU + ".." + StackConfig.MAX_MTU
                    + ". Default: " + StackConfig.DEFAULT_MTU + ".")
    Integer mtu;

    @Option(names = "--queues", paramLabel = "N", defaultValue = "1",
            description = "Device queues, each served by its own thread; more than 1 opens the device with"
                    + " IFF_MULTI_QUEUE. Default: ${DEFAULT-VALUE}.")
    int queues;

    @Option(names = "--open", paramLabel = "PORT/PROTO[,...]", converter = OpenPortsConverter.class,
            description = "Ports open on every answered address, e.g. 22/tcp,80/tcp,53/udp or 8000-8010/tcp. An open TCP"
                    + " port completes the handshake and then closes the connection at once (nc -z succeeds, a reader"
                    + " sees end of stream); an open UDP port takes datagrams silently. Every other port is closed:"
                    + " TCP answers with a reset, UDP with ICMP Port Unreachable. Default: no open port.")
    OpenPorts open;

    @Option(names = "--echo-rate-limit", paramLabel = "RATE[/BURST]", converter = RateLimitConverter.class,
            description = "Answer at most RATE echo requests per second from each source (a burst of BURST), as flood"
                    + " protection; the rest are counted as rate-limited. Default: no limit, like Linux.")
    RateLimit echoRateLimit;

    @Option(names = "--icmp-error-rate", paramLabel = "RATE[/BURST]", converter = RateLimitConverter.class,
            defaultValue = IcmpRateLimiter.DEFAULT_MESSAGES_PER_SECOND + "/" + IcmpRateLimiter.DEFAULT_BURST,
            description = "The token bucket of the ICMP errors tunstack sends (Parameter Problem, Protocol"
                    + " Unreachable, Time Exceeded), like Linux icmp_msgs_per_sec/icmp_msgs_burst."
                    + " Default: ${DEFAULT-VALUE}.")
    RateLimit icmpErrorRate;

    @Option(names = "--user", paramLabel = "USER|UID:GID", converter = Owner.Converter.class,
            description = "Once the device is set up, and before any packet is read, switch to this user and its"
                    + " primary group (or UID:GID), clear the supplementary groups, drop every capability and set"
                    + " no_new_privs. Without it, tunstack started as root stays root (and says so).")
    Owner user;

    @Option(names = "--netns", paramLabel = "NAME",
            description = "Run in the network namespace NAME (as 'ip netns' names them), creating it when it does not"
                    + " exist and then deleting it at exit; the namespace tunstack was started in is never touched."
                    + " Ping from it with: sudo ip netns exec NAME ping 172.21.22.26")
    String netns;

    @Option(names = {"-v", "--verbose"}, description = "Log tunstack's own steps at debug level.")
    boolean verbose;

    @Option(names = "--count", paramLabel = "N",
            description = "Stop after N packets answered, like ping -c and tcpdump -c: echo requests (IPv4 and IPv6)"
                    + " and timestamp requests that got their reply, on every queue together. Dropped packets do not"
                    + " count, not even those answered with an ICMP error. Exit status 0, with the summary.")
    Long count;

    @Option(names = "--duration", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Stop TIME after the ready line: 500ms, 10s, 5m, 2h (seconds without a unit)."
                    + " Exit status 0, with the summary.")
    Duration duration;

    @Option(names = "--ready-file", paramLabel = "PATH",
            description = "Once tunstack answers, create PATH (whole, by a rename) holding its PID; removed at exit."
                    + " Its directory must be writable, by the --user too.")
    Path readyFile;

    /** {@code --trace}, {@code --explain}, {@code --pcap}, {@code --quiet}, {@code --metrics}. */
    @Mixin
    ObserveOptions observe;

    /** {@code --host}, {@code --seed}, {@code --config}, {@code --control} and its token. */
    @Mixin
    ProfileOptions profileOptions;

    /** The config file's options as defaults; set by {@link Main}, {@code null} where no file can be given. */
    ConfigDefaults configDefaults;

    /** The hosts' profiles, read by {@link #call()} before the run. */
    private HostProfiles hostProfiles;

    /**
     * Runs tunstack until SIGINT or SIGTERM: opens what the observing options ask for, starts the responder (ready
     * line), waits, stops in order, prints the summary.
     */
    @Override
    public Integer call() throws InterruptedException {
        ResponderSettings settings = settings();
        hostProfiles = profileOptions.load(configDefaults == null ? null : configDefaults.file(), settings.queues());
        if (verbose) {
            System.setProperty(LOG_LEVEL_PROPERTY, "debug");
        }
        // Connected before a namespace is entered (an abstract NOTIFY_SOCKET name belongs to the network namespace)
        // and before root is given up.
        try (Readiness readiness = Readiness.open(System.getenv(NotifySocket.ENVIRONMENT_VARIABLE), readyFile)) {
            return runInNamespace(settings, readiness);
        }
    }

    /** With {@code --netns}: enters (or creates) the namespace, runs there, and deletes it if it created it. */
    private int runInNamespace(ResponderSettings settings, Readiness readiness) throws InterruptedException {
        if (netns == null) {
            return run(settings, readiness);
        }
        // Entered before anything else opens a socket or starts a thread: every thread started from here on is in
        // the namespace too, and nothing is configured in the one tunstack was started in.
        NetworkNamespace namespace;
        try {
            namespace = NetworkNamespace.enterOrCreate(netns);
        } catch (IOException e) {
            return fail("cannot enter network namespace " + netns + ": " + e.getMessage());
        }
        Logger log = LoggerFactory.getLogger(TunstackCommand.class);
        log.info("{} network namespace {}: ping from it with 'sudo ip netns exec {} ping ...'{}",
                namespace.created() ? "created" : "entered", netns, netns,
                namespace.created() ? "; it is deleted when tunstack stops" : "");
        try {
            return run(settings, readiness);
        } finally {
            try {
                namespace.close();
            } catch (IOException e) {
                log.warn("could not delete network namespace {}: {}", netns, e.getMessage());
            }
        }
    }

    /**
     * Opens what the observing options ask for, runs the responder until a signal, {@code --count},
     * {@code --duration} or a device failure stops it, and prints the summary.
     */
    private int run(ResponderSettings settings, Readiness readiness) throws InterruptedException {
        if (observe.pcapToStandardOutput()) {
            // Standard output carries the capture: whatever prints for people goes to stderr.
            System.setOut(System.err);
        }
        Observation observation;
        try {
            observation = observe.open(settings.deviceName(), settings.linkType());
        } catch (IOException e) {
            return fail(e.getMessage());
        }
        ControlServer control;
        try {
            control = profileOptions.openControl(hostProfiles);
        } catch (IOException e) {
            observation.close();
            return fail(e.getMessage());
        }
        Logger log = LoggerFactory.getLogger(TunstackCommand.class);
        AtomicReference<Responder> running = new AtomicReference<>();
        AtomicBoolean stopLogged = new AtomicBoolean();
        // A signal stops at once; --count and --duration first send the answers host profiles still hold back.
        Consumer<String> stop = reason -> {
            if (stopLogged.compareAndSet(false, true)) {
                log.info("stopping: {}", reason);
            }
            running.get().stop();
        };
        Consumer<String> finish = reason -> {
            if (stopLogged.compareAndSet(false, true)) {
                log.info("stopping: {}", reason);
            }
            running.get().stopAfterHeldAnswers();
        };
        AnswerLimit limit = count == null ? null
                : new AnswerLimit(count, () -> finish.accept("--count " + count + " reached"));
        // Drawn here when not given, so that the log can say which seed repeats this run.
        long seed = profileOptions.seed != null ? profileOptions.seed
                : java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 31);
        TrafficSignal traffic = new TrafficSignal();
        Responder responder = new Responder(settings, queue -> limit == null
                ? observation.newPacketObserver() : limit.observing(observation.newPacketObserver()), hostProfiles,
                seed, traffic);
        running.set(responder);
        List<String> ignored = SignalHandlers.install(stop,
                () -> log.info("counters: {}", responder.summary().countsLine()),
                profileOptions.reloads() ? () -> profileOptions.reload(hostProfiles,
                        ConfigDefaults.optionKeys(spec)) : null);
        sayIgnoredSignals(log, ignored, profileOptions.reloads());
        try {
            if (responder.start()) {
                observation.startReporting(responder.counterSource(), hostProfiles::counts, traffic);
                if (!hostProfiles.hosts().isEmpty() || profileOptions.reloads() || control != null) {
                    log.info("host profiles: {} range(s) with a profile; random choices seeded with {} (--seed {}"
                            + " repeats them)", hostProfiles.hosts().size(), seed, seed);
                }
                readiness.ready("answering");
                if (duration != null && !responder.awaitTermination(duration)) {
                    finish.accept("--duration " + duration.toString().substring(2).toLowerCase() + " passed");
                }
            }
            responder.awaitTermination();
        } catch (StartupException e) {
            return fail(e.getMessage());
        } finally {
            readiness.stopping();
            observation.stopping();
            responder.stop();
            responder.awaitTermination();
            responder.close();
            if (control != null) {
                control.close();
            }
            observation.close();
        }
        PrintWriter out = observe.pcapToStandardOutput() ? spec.commandLine().getErr() : spec.commandLine().getOut();
        out.println(Timestamps.now(Clock.systemDefaultZone()) + " tunstack stopped: "
                + String.join(System.lineSeparator(), responder.summary().lines()));
        out.flush();
        return responder.failure() == null ? ExitCode.OK : fail(responder.failure());
    }

    /**
     * Says once that SIGINT or SIGTERM stays ignored, as tunstack inherited it: a script's background job (SIGINT)
     * or {@code nohup}. A SIGHUP ignored alone is what nohup is for, and is not worth a line.
     */
    private static void sayIgnoredSignals(Logger log, List<String> ignored, boolean hangUpReloads) {
        if (!ignored.contains("SIGINT") && !ignored.contains("SIGTERM")) {
            return;
        }
        List<String> handled = new ArrayList<>();
        for (String name : SignalHandlers.STOP_SIGNALS) {
            if (!ignored.contains("SIG" + name) && !(hangUpReloads && name.equals("HUP"))) {
                handled.add("SIG" + name);
            }
        }
        log.warn("{} {} ignored, as tunstack's parent left {} (a script's background job, or nohup): {} will not"
                + " stop tunstack; {}", String.join(" and ", ignored), ignored.size() == 1 ? "is" : "are",
                ignored.size() == 1 ? "it" : "them", ignored.contains("SIGINT") ? "Ctrl-C" : String.join(", ", ignored),
                handled.isEmpty() ? "only SIGKILL does" : String.join(" or ", handled) + " does");
    }

    /** Prints {@code message} as tunstack's one-line error and returns the exit status of a runtime failure. */
    private int fail(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("tunstack: " + message);
        err.flush();
        return ExitCode.SOFTWARE;
    }

    /**
     * Checks the options together and turns them into settings.
     *
     * @throws ParameterException (a usage error, exit status 2) when they are out of range or contradict each other
     */
    ResponderSettings settings() {
        if (netns != null) {
            try {
                NetworkNamespace.validate(netns);
            } catch (IllegalArgumentException e) {
                throw usageError("--netns: " + e.getMessage());
            }
        }
        if (noConfigure && mtu != null) {
            throw usageError("--mtu cannot be used with --no-configure: tunstack then uses the device's own MTU");
        }
        int linkMtu = mtu == null ? StackConfig.DEFAULT_MTU : mtu;
        if (linkMtu < StackConfig.MIN_MTU || linkMtu > StackConfig.MAX_MTU) {
            throw usageError("--mtu " + linkMtu + " is out of range (expected: " + StackConfig.MIN_MTU + ".."
                    + StackConfig.MAX_MTU + ")");
        }
        if (queues < 1 || queues > MAX_QUEUES) {
            throw usageError("--queues " + queues + " is out of range (expected: 1.." + MAX_QUEUES + ")");
        }
        if (count != null && count < 1) {
            throw usageError("--count " + count + " is out of range (expected: 1 or more packets answered)");
        }
        // Refused here rather than warned about once ready: whoever waits for the file would wait in vain.
        Path readyDirectory = readyFile == null ? null : readyFile.toAbsolutePath().getParent();
        if (readyFile != null && (readyDirectory == null || !Files.isDirectory(readyDirectory))) {
            throw usageError("--ready-file " + readyFile + ": no such directory " + readyDirectory);
        }
        if (announce && !tap) {
            throw usageError("--announce needs --tap: on a TUN device there are no neighbours to announce to");
        }
        List<InterfaceAddress> own = ownAddresses(linkMtu);
        ResponderSettings settings = new ResponderSettings(deviceName(), tap ? LinkType.ETHERNET : LinkType.RAW_IP,
                announce, own, !noConfigure, force, linkMtu, queues, answer, answerBroadcast, answerMulticast,
                echoRateLimit, icmpErrorRate, open == null ? OpenPorts.none() : open, user);
        if (own.isEmpty()) {
            return settings; // checked once the device's addresses are known
        }
        StackConfig config;
        try {
            config = settings.stackConfig(linkMtu);
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        // A broadcast is answered from an address of the answered set too (RFC 1122 3.2.1.3: never from a broadcast).
        if (config.answered().isEmpty()) {
            throw usageError("there is no address to answer: " + (answer == null
                    ? "the subnet of --address " + own.get(0) + " has no other unicast address (use a shorter prefix)"
                    : "--answer " + answer + " holds only the device's own address, which the kernel answers"));
        }
        return settings;
    }

    /** The device to open: {@code --device}, or the default of the device's kind. */
    String deviceName() {
        return device != null ? device : tap ? DEFAULT_TAP_DEVICE : DEFAULT_TUN_DEVICE;
    }

    /**
     * The device's own addresses: those given, at most one per family, or the defaults. The default IPv6 address is
     * left out when the MTU is below IPv6's minimum of 1280 (RFC 8200 section 5); a given one is then a usage error.
     */
    private List<InterfaceAddress> ownAddresses(int linkMtu) {
        if ((addresses == null || addresses.isEmpty()) && noConfigure) {
            return List.of(); // the device's own, read from the kernel when tunstack attaches
        }
        if (addresses == null || addresses.isEmpty()) {
            return DEFAULT_ADDRESSES.stream()
                    .filter(address -> address.family() == IpFamily.IPV4 || linkMtu >= StackConfig.IPV6_MIN_MTU)
                    .toList();
        }
        for (IpFamily family : IpFamily.values()) {
            List<InterfaceAddress> ofFamily = addresses.stream().filter(a -> a.family() == family).toList();
            if (ofFamily.size() > 1) {
                throw usageError("--address is given twice for " + family + " (" + ofFamily.get(0) + ", "
                        + ofFamily.get(1) + "): the device has one address per family");
            }
        }
        for (InterfaceAddress address : addresses) {
            String why = whyNotAHostAddress(address);
            if (why != null) {
                throw usageError("--address " + address + " cannot be the device's address: " + why);
            }
        }
        return List.copyOf(addresses);
    }

    /**
     * Why {@code address} cannot be a host's own address, or {@code null} when it can: a multicast, loopback or
     * unspecified address never is (RFC 1122 3.2.1.3, RFC 4291 2.5.2, 2.5.3, 2.7), nor the network or broadcast address
     * of its own IPv4 prefix (RFC 1122 3.3.6; a /31 or /32 has neither, RFC 3021), nor an IPv4-mapped address.
     */
    private static String whyNotAHostAddress(InterfaceAddress address) {
        IpAddress ip = address.address();
        if (ip.isIpv4()) {
            int bits = ip.ipv4();
            if (Ipv4Address.isMulticast(bits) || Ipv4Address.isLimitedBroadcast(bits) || Ipv4Address.isClassE(bits)) {
                return "it is a multicast or reserved address";
            }
            if (Ipv4Address.isLoopback(bits) || Ipv4Address.isThisNetwork(bits)) {
                return "it is a loopback or \"this network\" address";
            }
            if (address.prefixLength() < 31 && (ip.equals(address.network()) || ip.equals(address.last()))) {
                return "it is the " + (ip.equals(address.network()) ? "network" : "broadcast")
                        + " address of its own prefix";
            }
            return null;
        }
        if (Ipv6Address.isMulticast(ip.high())) {
            return "it is a multicast address";
        }
        if (Ipv6Address.isUnspecified(ip.high(), ip.low()) || Ipv6Address.isLoopback(ip.high(), ip.low())
                || Ipv6Address.isV4Mapped(ip.high(), ip.low())) {
            return "it is the unspecified, loopback or an IPv4-mapped address";
        }
        return null;
    }

    private ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
