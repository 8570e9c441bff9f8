package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.TunstackCounters;
import io.tunstack.it.support.TunstackProcess;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The device's own IPv6 address, fd00:172:21:22::23, is the kernel's: the kernel answers it over its local route, and
 * the requests never reach tun0. IPv6 must be on here, so the kernel's own link chatter (router solicitations, MLD
 * reports after link-up) does reach tunstack; router solicitations are switched off in the namespace, and the test
 * waits until the counters stand still before it compares them.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class Ipv6KernelAddressIT {

    /** How long the counters must not move to count as still: longer than MLD's 1 s unsolicited report interval. */
    private static final Duration STILL = Duration.ofSeconds(3);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("kernel6")
            .configuring(namespace -> namespace.runOrFail("sysctl", "-q", "-w",
                    "net.ipv6.conf.default.router_solicitations=0"))
            .withTunstack();

    @Test
    void theKernelAnswersItsOwnAddressAndTunstackSeesNothing() throws InterruptedException {
        TunstackCounters before = settledCounters(fixture.tunstack());

        PingResult ping = Ping.ipv6(fixture.namespace(), "-c", "2", "-i", "0.2", "-W", "2", "fd00:172:21:22::23");

        TunstackCounters after = fixture.tunstack().counters();
        assertEquals(2, ping.received(), ping.output());
        assertEquals(before, after);
    }

    /** The control: the same counters do move for an address tunstack answers. */
    @Test
    void theCountersMoveForAnAnsweredAddress() throws InterruptedException {
        TunstackCounters before = settledCounters(fixture.tunstack());

        PingResult ping = Ping.ipv6(fixture.namespace(), "-c", "1", "-W", "2", "fd00:172:21:22::26");

        TunstackCounters after = fixture.tunstack().counters();
        assertEquals(1, ping.received(), ping.output());
        assertEquals(new TunstackCounters(before.packetsRead() + 1, before.echoReplies() + 1,
                before.packetsWritten() + 1, before.dropped(), before.deviceErrors()), after);
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
