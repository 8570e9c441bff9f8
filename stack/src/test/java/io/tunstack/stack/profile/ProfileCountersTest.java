package io.tunstack.stack.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tunstack.stack.profile.ProfileCounters.Effect;
import org.junit.jupiter.api.Test;

/** {@link ProfileCounters}: shared by the workers of every queue, so no count may be lost between them. */
class ProfileCountersTest {

    @Test
    void workersCountingAtOnceLoseNothing() throws InterruptedException {
        ProfileCounters counters = new ProfileCounters();
        int perWorker = 200_000;
        Runnable work = () -> {
            for (int i = 0; i < perWorker; i++) {
                counters.count(Effect.MATCHED);
            }
        };
        Thread first = new Thread(work);
        Thread second = new Thread(work);
        first.start();
        second.start();
        first.join();
        second.join();
        assertEquals(2L * perWorker, counters.get(Effect.MATCHED));
        assertEquals(0, counters.get(Effect.LOST));
    }

    @Test
    void labelsAreLowerCaseWithDashes() {
        assertEquals("expired-on-the-way", Effect.EXPIRED_ON_THE_WAY.label());
        assertEquals("queue-full", Effect.QUEUE_FULL.label());
    }
}
