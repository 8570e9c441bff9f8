package io.tunstack.stack;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** The leak check can fail: a buffer dropped without release makes {@link LeakDetection#assertNoLeaks()} throw. */
class LeakDetectionTest {

    @Test
    void failsOnABufferThatWasNeverReleased() {
        leakOne();
        assertThrows(AssertionError.class, LeakDetection::assertNoLeaks);
    }

    @Test
    void passesWhenEveryBufferWasReleased() {
        PooledByteBufAllocator.DEFAULT.directBuffer(64).writeInt(1).release();
        LeakDetection.assertNoLeaks();
    }

    /** Allocates in a separate frame so that nothing on this test's stack keeps the buffer reachable. */
    private static void leakOne() {
        PooledByteBufAllocator.DEFAULT.directBuffer(64).writeInt(0x1eaced);
    }
}
