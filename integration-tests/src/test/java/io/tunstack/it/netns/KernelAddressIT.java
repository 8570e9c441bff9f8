package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.TunstackCounters;
import io.tunstack.it.support.TunstackProcess;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The device's own addresses, 172.21.22.23 and fd00:172:21:22::23, are the kernel's: the kernel answers them over its
 * local route, and the requests never reach tun0, so every counter must stay where it was.
 *
 * <p>IPv6 is on (tun0 gets its IPv6 address only then), so the kernel's own link chatter after link-up (router
 * solicitations, MLD reports) reaches tunstack too: router solicitations are switched off in the namespace, and each
 * test waits until the counters stand still before it compares them.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KernelAddressIT {

    /** How long the counters must not move to count as still: longer than MLD's 1 s unsolicited report interval. */
    private static final Duration STILL = Duration.ofSeconds(3);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("kernel")
            .configuring(namespace -> namespace.runOrFail("sysctl", "-q", "-w",
                    "net.ipv6.conf.default.router_solicitations=0"))
            .withTunstack();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"172.21.22.23", "fd00:172:21:22::23"})
    void theKernelAnswersItsOwnAddressAndTunstackSeesNothing(String kernelAddress) throws InterruptedException {
        TunstackCounters before = settledCounters(fixture.tunstack());

        PingResult ping = Ping.run(fixture.namespace(), "-c", "2", "-i", "0.2", "-W", "2", kernelAddress);

        TunstackCounters after = fixture.tunstack().counters();
        assertEquals(2, ping.received(), ping.output());
        assertEquals(before, after);
    }

    /** The control: the same counters do move for an address tunstack answers. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"172.21.22.26", "fd00:172:21:22::26"})
    void theCountersMoveForAnAnsweredAddress(String answered) throws InterruptedException {
        TunstackCounters before = settledCounters(fixture.tunstack());

        PingResult ping = Ping.run(fixture.namespace(), "-c", "1", "-W", "2", answered);

        TunstackCounters after = fixture.tunstack().counters();
        assertEquals(1, ping.received(), ping.output());
        assertEquals(new TunstackCounters(before.packetsRead() + 1, before.answered() + 1, before.dropped(),
                before.held(), before.packetsWritten() + 1, before.deviceErrors()), after);
    }

    /** The counters once they have not moved for {@link #STILL}: the kernel's link-up chatter is over. */
    private static TunstackCounters settledCounters(TunstackProcess tunstack) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        TunstackCounters last = tunstack.counters();
        long stillSince = System.nanoTime();
        while (System.nanoTime() - stillSince < STILL.toNanos()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("tunstack's counters still move after " + SETTLE_TIMEOUT + ": " + last);
            }
            Thread.sleep(250);
            TunstackCounters now = tunstack.counters();
            if (!now.equals(last)) {
                last = now;
                stillSince = System.nanoTime();
            }
        }
        return last;
    }
}
