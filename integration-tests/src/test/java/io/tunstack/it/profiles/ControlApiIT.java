package io.tunstack.it.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.Prerequisites;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.RunningProcess;
import io.tunstack.it.support.TunstackProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The control API changes a host while ping runs: the replies after the change show it, those before do not, and
 * {@code tunstack hosts} (the client) lists what is in force. Nothing in flight is lost.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ControlApiIT {

    private static final String HOST = "172.21.22.40";
    private static final String PORT = "9180";

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("control")
            .requiring(() -> Prerequisites.requireCommands("curl"))
            .withTunstack("--quiet", "--control", PORT, "--host", "172.21.22.41 ttl 128");

    private static CommandResult hosts(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("hosts", "--control", PORT));
        command.addAll(List.of(args));
        return fixture.namespace().run(Duration.ofSeconds(60),
                TunstackProcess.javaCommand(command).toArray(String[]::new));
    }

    /**
     * 60 pings 100 ms apart; after the 10th reply the host gets {@code delay 100ms} through the API (with curl: a
     * client JVM starting on a busy two-core machine would disturb the timing it measures). Every reply before the
     * change is fast, every one after it is 100 ms late, and none is lost.
     */
    @Test
    void aProfileSetMidPingChangesTheNextReplies() throws InterruptedException {
        try (RunningProcess ping = RunningProcess.start(fixture.namespace().exec(
                List.of("ping", "-c", "60", "-i", "0.1", "-W", "2", HOST)))) {
            ping.awaitLine(0, line -> line.contains("icmp_seq=10 "), Duration.ofSeconds(30));

            CommandResult put = fixture.namespace().run(Duration.ofSeconds(30), "curl", "-sS", "--fail-with-body",
                    "-X", "PUT", "--data", "delay 100ms", "http://127.0.0.1:" + PORT + "/hosts/" + HOST);
            assertTrue(put.succeeded(), put.describe());

            assertEquals(0, ping.awaitExit(Duration.ofSeconds(60)), ping.describe());
            PingResult result = PingResult.parse(new CommandResult(List.of("ping"), 0, ping.output()));
            assertEquals(60, result.received(), "nothing in flight is lost:\n" + result.output());
            List<Double> times = result.replyTimesMillis();
            int firstSlow = 0;
            while (firstSlow < times.size() && times.get(firstSlow) < 95) {
                firstSlow++;
            }
            assertTrue(firstSlow >= 10, "the replies before the change are fast:\n" + result.output());
            assertTrue(times.size() - firstSlow >= 20, "the change came mid-ping:\n" + result.output());
            assertTrue(times.subList(firstSlow, times.size()).stream().allMatch(time -> time >= 95),
                    "every reply after it is delayed:\n" + result.output());
        } finally {
            hosts("remove", HOST);
        }
    }

    @Test
    void theClientListsSetsAndRemoves() {
        CommandResult list = hosts("list");
        assertTrue(list.succeeded(), list.describe());
        assertTrue(list.output().contains("172.21.22.41\tttl 128\tttl 128\tcommand-line"), list.describe());

        CommandResult set = hosts("set", "172.21.22.48/29", "loss", "5%");
        assertTrue(set.succeeded(), set.describe());
        assertTrue(hosts("list").output().contains("172.21.22.48-172.21.22.55\tloss 5%\tloss 5%\tcontrol-api"));

        CommandResult bad = hosts("set", "172.21.22.48/29", "loss", "lots");
        assertEquals(1, bad.exitCode(), bad.describe());
        assertTrue(bad.output().contains("400 'lots'"), bad.describe());

        assertTrue(hosts("remove", "172.21.22.48/29").succeeded());
        assertTrue(!hosts("list").output().contains("172.21.22.48"));
    }
}
