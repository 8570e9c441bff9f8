package io.tunstack.it.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tunstack.it.support.Ping;
import io.tunstack.it.support.TunstackProcess;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * tap0 made with {@code ip tuntap add} outlives tunstack, as a port of its bridge, with the addresses tunstack gave
 * it: tunstack started again on it configures it again, and the hosts answer again.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TapRestartIT {

    @Test
    void tunstackStartedAgainOnTheSameBridgePortAnswersAgain() throws Exception {
        TapLan.requirePrerequisites();
        try (TapLan lan = TapLan.create()) {
            TunstackProcess first = lan.startTunstack();
            Ping.ipv6(lan.peer(), "-c", "2", "-W", "2", "fd00:172:21:22::26").assertAllAnsweredIntact(2);
            assertEquals(0, first.stop("TERM"), first::output);

            lan.startTunstack();

            Ping.ipv4(lan.peer(), "-c", "2", "-W", "2", "172.21.22.26").assertAllAnsweredIntact(2);
            Ping.ipv6(lan.peer(), "-c", "2", "-W", "2", "fd00:172:21:22::26").assertAllAnsweredIntact(2);
        }
    }
}
