package io.tunstack.stack.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.stack.address.IpFamily;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fixed-size connection table against a {@link HashMap} model, through long random runs of adds and removes. */
class TcpConnectionTableTest {

    private static final long SUBNET = 0xAC151600L;

    @Test
    void agreesWithAMapThroughRandomAddsAndRemoves() {
        Random random = new Random(20261130);
        TcpConnectionTable table = new TcpConnectionTable(64);
        Map<Long, TcpConnection> model = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            // Few distinct keys, so that probe runs collide, wrap around and shift back often.
            long peer = SUBNET | random.nextInt(4);
            int peerPort = random.nextInt(40);
            long key = peer << 16 | peerPort;
            TcpConnection found = table.find(IpFamily.IPV4, 0, SUBNET | 26, 22, 0, peer, peerPort);
            assertSame(model.get(key), found, "step " + step);
            if (found != null && random.nextBoolean()) {
                table.remove(found);
                model.remove(key);
            } else if (found == null) {
                TcpConnection added = table.add(IpFamily.IPV4, 0, SUBNET | 26, 22, 0, peer, peerPort);
                if (model.size() == 64) {
                    assertNull(added, "a full table adds nothing");
                } else {
                    assertTrue(added.used);
                    model.put(key, added);
                }
            }
            assertEquals(model.size(), table.size());
        }
    }

    @Test
    void tellsTheFamiliesAndPortsApart() {
        TcpConnectionTable table = new TcpConnectionTable(8);
        TcpConnection ipv4 = table.add(IpFamily.IPV4, 0, 1, 22, 0, 2, 40000);
        TcpConnection ipv6 = table.add(IpFamily.IPV6, 0, 1, 22, 0, 2, 40000);
        TcpConnection otherPort = table.add(IpFamily.IPV4, 0, 1, 80, 0, 2, 40000);
        assertSame(ipv4, table.find(IpFamily.IPV4, 0, 1, 22, 0, 2, 40000));
        assertSame(ipv6, table.find(IpFamily.IPV6, 0, 1, 22, 0, 2, 40000));
        assertSame(otherPort, table.find(IpFamily.IPV4, 0, 1, 80, 0, 2, 40000));
        assertNull(table.find(IpFamily.IPV4, 0, 2, 22, 0, 1, 40000), "the endpoints swapped are another connection");
    }
}
