package io.tunstack.app.observe;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TrafficSignalTest {

    @Test
    void theWaiterSleepsUntilAPacketArrivesAfterAWait() throws InterruptedException {
        TrafficSignal traffic = new TrafficSignal();
        AtomicBoolean idle = new AtomicBoolean(true);
        Thread waiter = new Thread(() -> traffic.awaitTraffic(idle::get));
        waiter.start();
        waiter.join(300);
        assertTrue(waiter.isAlive(), "no packet: still asleep after 300 ms");

        idle.set(false); // the worker counts its packet first...
        traffic.packetAfterWait(); // ...then wakes the waiter
        waiter.join(5_000);
        assertFalse(waiter.isAlive(), "woken by the packet");
    }

    @Test
    void aPacketCountedBeforeTheWaitIsNotMissed() throws InterruptedException {
        TrafficSignal traffic = new TrafficSignal();
        traffic.packetAfterWait(); // nobody waits yet: nothing to wake
        Thread waiter = new Thread(() -> traffic.awaitTraffic(() -> false));
        waiter.start();
        waiter.join(5_000);
        assertFalse(waiter.isAlive(), "the counters already moved: no sleep at all");
    }

    @Test
    void anInterruptEndsTheWait() throws InterruptedException {
        TrafficSignal traffic = new TrafficSignal();
        Thread waiter = new Thread(() -> traffic.awaitTraffic(() -> true));
        waiter.start();
        waiter.interrupt();
        waiter.join(5_000);
        assertFalse(waiter.isAlive(), "interrupted: the reporter is closing");
    }
}
