package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.NetworkNamespace;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.TunstackProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --answer} outside the device's subnets: tunstack routes those prefixes (IPv4 and IPv6) to its device, so that
 * ping reaches them with no {@code ip route} of one's own; the routes are gone after it stops, also from a persistent
 * device that outlives it; a prefix that another interface's route overlaps is refused with the route named.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AnswerRoutesIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
    private static final String ANSWER = "172.21.22.26,10.9.0.0/16,fd00:9::/32";

    @Test
    void addressesOutsideTheSubnetsAnswerThroughRoutesThatAreGoneAfterwards() throws InterruptedException {
        try (NetworkNamespace namespace = NetworkNamespace.create("answer-routes")) {
            try (TunstackProcess tunstack = TunstackProcess.startReady(namespace, "--answer", ANSWER)) {
                assertEquals(List.of("10.9.0.0/16"), routes(namespace, "-4", "10.9.0.0/16"), tunstack.output());
                assertEquals(List.of("fd00:9::/32"), routes(namespace, "-6", "fd00:9::/32"), tunstack.output());
                assertTrue(tunstack.output().contains("routing 10.9.0.0/16, fd00:9::/32 to tun0 for --answer"),
                        tunstack.output());

                Ping.ipv4(namespace, "-c", "4", "-i", "0.2", "-W", "2", "10.9.3.4").assertAllAnsweredIntact(4);
                Ping.ipv6(namespace, "-c", "4", "-i", "0.2", "-W", "2", "fd00:9::26").assertAllAnsweredIntact(4);
                Ping.ipv4(namespace, "-c", "2", "-i", "0.2", "-W", "2", "172.21.22.26").assertAllAnsweredIntact(2);

                assertEquals(0, tunstack.stop("TERM"), tunstack.output());
                assertFalse(tunstack.output().contains("WARN"), tunstack.output());
            }
            assertAll(
                    () -> assertFalse(namespace.hasDevice("tun0")),
                    () -> assertEquals(List.of(), routes(namespace, "-4", "10.9.0.0/16")),
                    () -> assertEquals(List.of(), routes(namespace, "-6", "fd00:9::/32")));
        }
    }

    @Test
    void aPersistentDeviceThatOutlivesTunstackKeepsNoneOfItsRoutes() throws InterruptedException {
        try (NetworkNamespace namespace = NetworkNamespace.create("answer-routes-persist")) {
            namespace.runOrFail("ip", "tuntap", "add", "dev", "tun0", "mode", "tun");
            try (TunstackProcess tunstack = TunstackProcess.startReady(namespace, "--answer", ANSWER)) {
                assertEquals(List.of("10.9.0.0/16"), routes(namespace, "-4", "10.9.0.0/16"), tunstack.output());
                Ping.ipv4(namespace, "-c", "2", "-i", "0.2", "-W", "2", "10.9.3.4").assertAllAnsweredIntact(2);

                assertEquals(0, tunstack.stop("TERM"), tunstack.output());
            }
            assertAll(
                    () -> assertTrue(namespace.hasDevice("tun0"), "the persistent device stays"),
                    () -> assertEquals(List.of(), routes(namespace, "-4", "10.9.0.0/16"), "tunstack removed it"),
                    () -> assertEquals(List.of(), routes(namespace, "-6", "fd00:9::/32"), "tunstack removed it"));
        }
    }

    @Test
    void asAUserTheRoutesAreAddedBeforeRootIsGivenUpAndGoWithTheDevice() throws InterruptedException {
        try (NetworkNamespace namespace = NetworkNamespace.create("answer-routes-user")) {
            try (TunstackProcess tunstack = TunstackProcess.startReady(namespace, "--answer", ANSWER, "--user",
                    "nobody")) {
                Ping.ipv4(namespace, "-c", "2", "-i", "0.2", "-W", "2", "10.9.3.4").assertAllAnsweredIntact(2);
                Ping.ipv6(namespace, "-c", "2", "-i", "0.2", "-W", "2", "fd00:9::26").assertAllAnsweredIntact(2);

                assertEquals(0, tunstack.stop("TERM"), tunstack.output());
                assertFalse(tunstack.output().contains("WARN"), tunstack.output());
            }
            assertAll(
                    () -> assertEquals(List.of(), routes(namespace, "-4", "10.9.0.0/16")),
                    () -> assertEquals(List.of(), routes(namespace, "-6", "fd00:9::/32")));
        }
    }

    @Test
    void asAUserOnAPersistentDeviceTheRoutesLeftAreNamedWithTheirCommand() throws InterruptedException {
        try (NetworkNamespace namespace = NetworkNamespace.create("answer-routes-user-persist")) {
            namespace.runOrFail("ip", "tuntap", "add", "dev", "tun0", "mode", "tun");
            try (TunstackProcess tunstack = TunstackProcess.startReady(namespace, "--answer",
                    "172.21.22.26,10.9.0.0/16", "--address", "172.21.22.23/24", "--user", "nobody")) {
                assertEquals(0, tunstack.stop("TERM"), tunstack.output());
                assertTrue(tunstack.output().contains("WARN could not remove the route 10.9.0.0/16 dev tun0 (")
                        && tunstack.output().contains("remove it with 'ip route del 10.9.0.0/16 dev tun0'"),
                        tunstack.output());
            }
            assertEquals(List.of("10.9.0.0/16"), routes(namespace, "-4", "10.9.0.0/16"), "left, and named");
        }
    }

    @Test
    void withNoConfigureARouteTheDeviceLacksIsNamedWithItsCommandAndNoneIsAdded() throws InterruptedException {
        try (NetworkNamespace namespace = NetworkNamespace.create("answer-routes-attach")) {
            namespace.runOrFail("ip", "tuntap", "add", "dev", "tun0", "mode", "tun");
            namespace.runOrFail("ip", "addr", "add", "172.21.22.23/24", "dev", "tun0");
            namespace.runOrFail("ip", "link", "set", "tun0", "up");
            namespace.runOrFail("ip", "route", "add", "10.8.0.0/16", "dev", "tun0");
            try (TunstackProcess tunstack = TunstackProcess.startReady(namespace, "--no-configure", "--answer",
                    "172.21.22.26,10.8.1.0/24,10.9.0.0/16")) {
                assertEquals(List.of(), routes(namespace, "-4", "10.9.0.0/16"), "none added");
                assertTrue(tunstack.output().contains("WARN --answer includes 10.9.0.0/16, outside the subnets of tun0,"
                        + " and no route sends it there: add one with 'ip route add 10.9.0.0/16 dev tun0'"),
                        tunstack.output());
                assertFalse(tunstack.output().contains("10.8.1.0/24"), "covered by 10.8.0.0/16 dev tun0");
                Ping.ipv4(namespace, "-c", "2", "-i", "0.2", "-W", "2", "10.8.1.4").assertAllAnsweredIntact(2);

                assertEquals(0, tunstack.stop("TERM"), tunstack.output());
            }
            assertEquals(List.of("10.8.0.0/16"), routes(namespace, "-4", "10.8.0.0/16"), "the user's route stays");
        }
    }

    @Test
    void aPrefixThatAnotherInterfaceRoutesIsRefusedWithTheRouteNamedAndNothingCreated() {
        try (NetworkNamespace namespace = NetworkNamespace.create("answer-routes-conflict")) {
            namespace.runOrFail("ip", "link", "add", "ar0", "type", "veth", "peer", "name", "ar1");
            namespace.runOrFail("ip", "addr", "add", "10.9.3.1/24", "dev", "ar0");
            namespace.runOrFail("ip", "link", "set", "ar0", "up");
            namespace.runOrFail("ip", "link", "set", "ar1", "up");

            CommandResult result = namespace.run(RUN_TIMEOUT,
                    TunstackProcess.javaCommand(List.of("--answer", ANSWER)).toArray(String[]::new));

            List<String> lines = result.output().lines().toList();
            assertAll(
                    () -> assertEquals(1, result.exitCode(), result.describe()),
                    () -> assertEquals(List.of("tunstack: refusing to route to tun0: 10.9.0.0/16 (of --answer) overlaps"
                            + " the route 10.9.3.0/24 of ar0; that interface would lose this network (answer other"
                            + " addresses, or use --force)"), lines, result.describe()),
                    () -> assertFalse(namespace.hasDevice("tun0"), "nothing created"),
                    () -> assertEquals(List.of("10.9.3.0/24"), routes(namespace, "-4", "10.9.0.0/16")));
        }
    }

    @Test
    void anAddressOfAnotherInterfaceWithoutAPrefixRouteIsAConflictToo() {
        try (NetworkNamespace namespace = NetworkNamespace.create("answer-routes-address")) {
            namespace.runOrFail("ip", "link", "add", "ar0", "type", "veth", "peer", "name", "ar1");
            namespace.runOrFail("ip", "addr", "add", "10.9.0.5/32", "dev", "ar0");
            namespace.runOrFail("ip", "link", "set", "ar0", "up");

            CommandResult result = namespace.run(RUN_TIMEOUT,
                    TunstackProcess.javaCommand(List.of("--answer", ANSWER)).toArray(String[]::new));

            assertAll(
                    () -> assertEquals(1, result.exitCode(), result.describe()),
                    () -> assertTrue(result.output().startsWith("tunstack: refusing to route to tun0: 10.9.0.0/16 (of"
                            + " --answer) overlaps the route 10.9.0.5/32 of ar0;"), result.describe()),
                    () -> assertFalse(namespace.hasDevice("tun0"), "nothing created"));
        }
    }

    /** The routes of {@code prefix} and inside it, as {@code ip route show root PREFIX} lists them (the prefixes). */
    private static List<String> routes(NetworkNamespace namespace, String family, String prefix) {
        CommandResult result = namespace.runOrFail("ip", family, "route", "show", "root", prefix);
        return result.output().lines().filter(line -> !line.isBlank()).map(line -> line.split(" ")[0]).toList();
    }
}
