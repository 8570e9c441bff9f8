package io.tunstack.app;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.device.LinkType;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.address.IpAddress;
import io.tunstack.stack.config.OpenPorts;
import io.tunstack.stack.config.StackConfig.RateLimit;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Option parsing and the one-line usage errors of the {@code tunstack} command. No root needed: nothing is opened. */
class TunstackCommandTest {

    /** What one run of the command line printed and returned. */
    private record Run(int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Run execute(String... args) {
        CommandLine commandLine = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /** Parses without running: the settings the command would start with. */
    private static ResponderSettings settings(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.parseArgs(args);
        return ((TunstackCommand) commandLine.getCommand()).settings();
    }

    @Test
    void defaultsCreateTun0With172_21_22_23Slash24() {
        ResponderSettings settings = settings();

        assertAll(
                () -> assertEquals("tun0", settings.deviceName()),
                () -> assertEquals(List.of(InterfaceAddress.parse("172.21.22.23/24"),
                        InterfaceAddress.parse("fd00:172:21:22::23/64")), settings.addresses()),
                () -> assertTrue(settings.configure()),
                () -> assertEquals(1500, settings.mtu()),
                () -> assertEquals(1, settings.queues()),
                () -> assertFalse(settings.multiQueue()),
                () -> assertNull(settings.answer(), "no --answer: the stack's default set"),
                () -> assertFalse(settings.answerBroadcast()),
                () -> assertNull(settings.echoRateLimit(), "echo replies are not limited by default"),
                () -> assertEquals(new RateLimit(1000, 50), settings.icmpErrorRate(), "Linux's defaults"),
                () -> assertEquals(OpenPorts.none(), settings.openPorts(), "every port closed"));
    }

    @Test
    void everyOptionReachesTheSettings() {
        ResponderSettings settings = settings("--device", "tunx", "--address", "10.9.0.1/16", "--mtu", "9000",
                "--queues", "4", "--answer", "10.9.0.5,10.9.1.0/24", "--answer-broadcast",
                "--echo-rate-limit", "100/20", "--icmp-error-rate", "10", "--open", "22/tcp,80-81/tcp,53/udp");

        assertAll(
                () -> assertEquals("tunx", settings.deviceName()),
                () -> assertEquals(List.of(InterfaceAddress.parse("10.9.0.1/16")), settings.addresses()),
                () -> assertEquals(9000, settings.mtu()),
                () -> assertEquals(4, settings.queues()),
                () -> assertTrue(settings.multiQueue()),
                () -> assertTrue(settings.answer().contains(IpAddress.parse("10.9.0.5"))),
                () -> assertTrue(settings.answer().contains(IpAddress.parse("10.9.1.77"))),
                () -> assertFalse(settings.answer().contains(IpAddress.parse("10.9.0.6"))),
                () -> assertTrue(settings.answerBroadcast()),
                () -> assertEquals(new RateLimit(100, 20), settings.echoRateLimit()),
                () -> assertEquals(new RateLimit(10, 10), settings.icmpErrorRate(), "no burst: one second's worth"),
                () -> assertEquals("22/tcp,80-81/tcp,53/udp", settings.openPorts().toString()),
                () -> assertEquals(OpenPorts.parse("22/tcp,80-81/tcp,53/udp"), settings.stackConfig(9000).openPorts(),
                        "--open reaches the stack"));
    }

    @Test
    void noConfigureAttachesWithoutSettingTheDevice() {
        ResponderSettings settings = settings("--no-configure", "--device", "tun7");

        assertFalse(settings.configure());
        assertEquals("tun7", settings.deviceName());
    }

    @Test
    void tapOpensAnEthernetDeviceCalledTap0UnlessNamed() {
        ResponderSettings tap = settings("--tap");
        ResponderSettings named = settings("--tap", "--device", "tapx", "--announce");
        ResponderSettings tun = settings();

        assertAll(
                () -> assertEquals("tap0", tap.deviceName()),
                () -> assertEquals(LinkType.ETHERNET, tap.linkType()),
                () -> assertTrue(tap.tap()),
                () -> assertFalse(tap.announce(), "announcing is asked for, never the default"),
                () -> assertEquals("tapx", named.deviceName()),
                () -> assertTrue(named.announce()),
                () -> assertEquals("tun0", tun.deviceName()),
                () -> assertEquals(LinkType.RAW_IP, tun.linkType()),
                () -> assertFalse(tun.tap()));
    }

    @Test
    void oneAddressPerFamilyRunsThoseFamiliesOnly() {
        ResponderSettings ipv6Only = settings("--address", "fd00:1::3/64", "--answer-multicast");
        ResponderSettings both = settings("--address", "fd00:1::3/64", "--address", "10.9.0.1/24");

        assertAll(
                () -> assertEquals(List.of(InterfaceAddress.parse("fd00:1::3/64")), ipv6Only.addresses()),
                () -> assertTrue(ipv6Only.answerMulticast()),
                () -> assertNull(ipv6Only.stackConfig(1500).ipv4()),
                () -> assertEquals(2, both.addresses().size()),
                () -> assertFalse(both.answerMulticast()));
    }

    @Test
    void theDefaultIpv6AddressIsLeftOutBelowItsMinimumMtu() {
        assertEquals(List.of(InterfaceAddress.parse("172.21.22.23/24")), settings("--mtu", "1000").addresses());
    }

    @Test
    void helpListsEveryOptionAndExitsWithZero() {
        Run run = execute("--help");

        assertEquals(0, run.exitCode());
        for (String option : List.of("--device", "--address", "--answer", "--answer-broadcast", "--answer-multicast",
                "--no-configure",
                "--mtu", "--queues", "--open", "--echo-rate-limit", "--icmp-error-rate", "--verbose", "--version", "Exit status",
                "--trace", "--explain", "--show-link-chatter", "--pcap", "--metrics", "--tap", "--announce")) {
            assertTrue(run.out().contains(option), () -> "help should mention " + option + ":\n" + run.out());
        }
        assertTrue(run.out().contains("Default: tun0, or tap0 with --tap"), run.out());
        assertTrue(run.out().contains("--open 22/tcp,80/tcp,53/udp"), () -> "an example of --open:\n" + run.out());
        assertTrue(run.out().contains("172.21.22.23/24"), run.out());
        // picocli wraps the description at 80 columns, here inside the IPv6 address: join the wrapped lines.
        assertTrue(run.out().replaceAll("\\R +", "").contains("fd00:172:21:22::23/64"), run.out());
    }

    @Test
    void versionNamesTheProjectVersionTheCommitTheBuildDateTheJvmAndTheOs() {
        Run run = execute("--version");

        assertEquals(0, run.exitCode());
        List<String> lines = run.out().strip().lines().toList();
        assertEquals(3, lines.size(), run.out());
        // The commit is git describe's (12 hex digits, -dirty for a changed tree) or "unknown" outside a checkout.
        assertTrue(lines.get(0).matches("tunstack \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit ([0-9a-f]{12}(-dirty)?"
                + "|unknown), built \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)"), run.out());
        assertEquals("JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version") + " ("
                + System.getProperty("java.vm.vendor") + "), java.home " + System.getProperty("java.home"),
                lines.get(1));
        assertEquals("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"), lines.get(2));
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of(List.of("--address", "300.1.2.3/24"), "300.1.2.3"),
                Arguments.of(List.of("--address", "172.21.22.23"), "no prefix length"),
                Arguments.of(List.of("--address", "172.21.22.23/33"), "prefix length '33' (expected: 0..32)"),
                Arguments.of(List.of("--address", "10.0.0.1/24", "--address", "10.0.1.1/24"), "twice for IPv4"),
                Arguments.of(List.of("--address", "fd00::1/64", "--mtu", "1000"), "1280"),
                Arguments.of(List.of("--address", "fd00::1/129"), "prefix length '129' (expected: 0..128)"),
                Arguments.of(List.of("--address", "224.0.0.1/24"), "multicast"),
                Arguments.of(List.of("--address", "127.0.0.2/8"), "loopback"),
                Arguments.of(List.of("--address", "10.9.0.0/24"), "network address of its own prefix"),
                Arguments.of(List.of("--address", "10.9.0.255/24"), "broadcast address of its own prefix"),
                Arguments.of(List.of("--address", "ff02::1/64"), "multicast"),
                Arguments.of(List.of("--address", "::1/128"), "loopback"),
                Arguments.of(List.of("--address", "172.21.22.23/x"), "prefix length 'x'"),
                Arguments.of(List.of("--address", "tun0/24"), "tun0"),
                Arguments.of(List.of("--answer", "172.21.22.999"), "172.21.22.999"),
                Arguments.of(List.of("--answer", "172.21.22.23"), "no address to answer"),
                Arguments.of(List.of("--address", "10.9.0.1/32"), "no address to answer"),
                Arguments.of(List.of("--address", "10.9.0.1/32", "--answer-broadcast"), "no address to answer"),
                Arguments.of(List.of("--device", "a-name-of-16-byte"), "at most 15"),
                Arguments.of(List.of("--device", "tun/0"), "'/'"),
                Arguments.of(List.of("--device", ""), "empty"),
                Arguments.of(List.of("--mtu", "67"), "68..65535"),
                Arguments.of(List.of("--mtu", "65536"), "68..65535"),
                Arguments.of(List.of("--mtu", "1400", "--no-configure"), "--no-configure"),
                Arguments.of(List.of("--queues", "0"), "1..256"),
                Arguments.of(List.of("--queues", "257"), "1..256"),
                Arguments.of(List.of("--queues", "two"), "two"),
                Arguments.of(List.of("--echo-rate-limit", "fast"), "RATE or RATE/BURST"),
                Arguments.of(List.of("--echo-rate-limit", "100/0"), "1 or more"),
                Arguments.of(List.of("--icmp-error-rate", "0"), "1 or more"),
                Arguments.of(List.of("--open", "22"), "'22' (expected: PORT/tcp or PORT/udp"),
                Arguments.of(List.of("--open", "22/sctp"), "protocol 'sctp'"),
                Arguments.of(List.of("--open", "22/tcp,0/udp"), "'0/udp': port 0"),
                Arguments.of(List.of("--open", "22/tcp,70000/tcp"), "port 70000"),
                Arguments.of(List.of("--open", "90-80/tcp"), "range ends before it starts"),
                Arguments.of(List.of("--open", "ssh/tcp"), "'ssh' is not a port number"),
                Arguments.of(List.of("--open", "22/tcp,"), "''"),
                Arguments.of(List.of("--count", "0"), "1 or more"),
                Arguments.of(List.of("--count", "many"), "many"),
                Arguments.of(List.of("--duration", "0s"), "more than 0"),
                Arguments.of(List.of("--duration", "10x"), "'10x' is not a time"),
                Arguments.of(List.of("--ready-file", "/nonexistent-tunstack-dir/ready"),
                        "no such directory /nonexistent-tunstack-dir"),
                Arguments.of(List.of("--announce"), "--announce needs --tap"),
                Arguments.of(List.of("--frobnicate"), "--frobnicate"),
                Arguments.of(List.of("extra"), "extra"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usageErrors")
    void aBadCommandLineIsOneLineOnStderrAndExitStatus2(List<String> args, String quoted) {
        Run run = execute(args.toArray(String[]::new));

        assertAll(
                () -> assertEquals(2, run.exitCode()),
                () -> assertEquals(1, run.errLines().size(), () -> "one line expected:\n" + run.err()),
                () -> assertTrue(run.err().startsWith("tunstack: "), run.err()),
                () -> assertTrue(run.err().contains(quoted), () -> "should quote " + quoted + ": " + run.err()),
                () -> assertEquals("", run.out()));
    }
}
