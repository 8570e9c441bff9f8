package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.NetworkNamespace;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.TunstackCounters;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The device's own address, 172.21.22.23, is the kernel's: the kernel answers it over its local route, and the
 * requests never reach tun0. IPv6 is off in this namespace so that nothing else reaches tun0 either, and every
 * counter must stay where it was.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KernelAddressIT {

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("kernel")
            .configuring(NetworkNamespace::disableIpv6)
            .withTunstack();

    @Test
    void theKernelAnswersItsOwnAddressAndTunstackSeesNothing() throws InterruptedException {
        TunstackCounters before = fixture.tunstack().counters();

        PingResult ping = Ping.run(fixture.namespace(), "-c", "2", "-i", "0.2", "-W", "2", "172.21.22.23");

        TunstackCounters after = fixture.tunstack().counters();
        assertEquals(2, ping.received(), ping.output());
        assertEquals(before, after);
    }

    /** The control: the same counters do move for an address tunstack answers. */
    @Test
    void theCountersMoveForAnAnsweredAddress() throws InterruptedException {
        TunstackCounters before = fixture.tunstack().counters();

        PingResult ping = Ping.run(fixture.namespace(), "-c", "1", "-W", "2", "172.21.22.26");

        TunstackCounters after = fixture.tunstack().counters();
        assertEquals(1, ping.received(), ping.output());
        assertEquals(new TunstackCounters(before.packetsRead() + 1, before.answered() + 1, before.dropped(),
                before.held(), before.packetsWritten() + 1, before.deviceErrors()), after);
    }
}
