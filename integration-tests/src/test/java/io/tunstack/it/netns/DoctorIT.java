package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.Prerequisites;
import io.tunstack.it.support.TunstackProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code tunstack doctor}: passes in a good namespace, and names each problem in a bad one (a missing device node,
 * no capability, a subnet another interface uses); it changes nothing.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DoctorIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final NamespaceFixture good = NamespaceFixture.named("doctor")
            .requiring(() -> Prerequisites.requireCommands("setpriv"));

    @RegisterExtension
    static final NamespaceFixture conflicting = NamespaceFixture.named("doctor-conflict")
            .configuring(namespace -> {
                namespace.runOrFail("ip", "link", "add", "dc0", "type", "veth", "peer", "name", "dc1");
                namespace.runOrFail("ip", "addr", "add", "172.21.22.1/24", "dev", "dc0");
                namespace.runOrFail("ip", "link", "set", "dc0", "up");
            });

    private static CommandResult doctor(NamespaceFixture fixture, List<String> prefix, String... args) {
        List<String> command = new ArrayList<>(prefix);
        List<String> arguments = new ArrayList<>(List.of("doctor"));
        arguments.addAll(List.of(args));
        command.addAll(TunstackProcess.javaCommand(arguments));
        return fixture.namespace().run(RUN_TIMEOUT, command.toArray(String[]::new));
    }

    private static void assertLine(CommandResult result, String start) {
        assertTrue(result.output().lines().anyMatch(line -> line.startsWith(start)),
                () -> "a line starting with '" + start + "' expected: " + result.describe());
    }

    @Test
    void passesWhereTunstackCanRunAndChangesNothing() {
        CommandResult result = doctor(good, List.of());

        assertAll(
                () -> assertEquals(0, result.exitCode(), result.describe()),
                () -> assertEquals(8, result.output().lines().count(), result.describe()),
                () -> assertFalse(result.output().contains("FAIL"), result.describe()),
                () -> assertLine(result, "PASS  /dev/net/tun: present"),
                () -> assertLine(result, "PASS  CAP_NET_ADMIN"),
                () -> assertLine(result, "PASS  --user: CAP_SETUID and CAP_SETGID held"),
                () -> assertLine(result, "PASS  subnets: 172.21.22.0/24 and fd00:172:21:22::/64"),
                () -> assertFalse(good.namespace().hasDevice("tun0"), "doctor creates nothing"));
    }

    @Test
    void aMissingDeviceNodeFailsWithTheFix() {
        CommandResult result = doctor(good, List.of(), "--tun-node", "/nonexistent/tun");

        assertEquals(1, result.exitCode(), result.describe());
        assertLine(result, "FAIL  /nonexistent/tun: missing; fix: ");
        assertTrue(result.output().contains("modprobe tun") || result.output().contains("--device /dev/net/tun"),
                result.describe());
    }

    @Test
    void withoutTheCapabilityItSaysSo() {
        CommandResult result = doctor(good, List.of("setpriv", "--inh-caps=-all", "--bounding-set=-all", "--"));

        assertEquals(1, result.exitCode(), result.describe());
        assertLine(result, "FAIL  CAP_NET_ADMIN: not held");
        assertLine(result, "WARN  --user: CAP_SETUID or CAP_SETGID missing");
    }

    @Test
    void aSubnetAnotherInterfaceUsesFailsNamingTheRoute() {
        CommandResult result = doctor(conflicting, List.of());

        assertEquals(1, result.exitCode(), result.describe());
        assertLine(result, "FAIL  subnets: 172.21.22.0/24 (of --address 172.21.22.23/24) overlaps the route"
                + " 172.21.22.0/24 of dc0");
    }
}
