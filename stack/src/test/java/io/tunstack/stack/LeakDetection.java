package io.tunstack.stack;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes a test fail when a Netty buffer leaked: a JUnit extension ({@code @ExtendWith(LeakDetection.class)}) and a
 * static {@link #assertNoLeaks()} for jqwik properties.
 *
 * <p>Netty finds a leak when a tracked buffer is garbage collected without having been released, and reports it at
 * the next allocation of a tracked buffer. With {@code -Dio.netty.leakDetection.level=paranoid} (the parent pom sets
 * it) every pooled or direct buffer is tracked; unpooled heap buffers are not, so tests that check ownership use
 * pooled direct buffers ({@link CapturedPackets#copy}). {@link #assertNoLeaks()} collects garbage, allocates to make
 * Netty poll its reference queue, and fails with the leak records Netty gathered.
 */
public final class LeakDetection implements AfterEachCallback {

    private static final List<String> LEAKS = new ArrayList<>();

    static {
        ByteBufUtil.setLeakListener((resourceType, records) -> {
            synchronized (LEAKS) {
                LEAKS.add(resourceType + " leaked:" + records);
            }
        });
    }

    @Override
    public void afterEach(ExtensionContext context) {
        assertNoLeaks();
    }

    /** Fails with Netty's leak records if any buffer was collected without being released. */
    public static void assertNoLeaks() {
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            throw new AssertionError("leak detection level is " + ResourceLeakDetector.getLevel()
                    + " (expected: PARANOID, set -Dio.netty.leakDetection.level=paranoid)");
        }
        for (int round = 0; round < 3; round++) {
            System.gc();
            pause();
            // Netty checks its reference queue whenever it tracks a new buffer.
            ByteBuf heap = Unpooled.buffer(1);
            ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(1);
            heap.release();
            pooled.release();
        }
        synchronized (LEAKS) {
            if (!LEAKS.isEmpty()) {
                String report = String.join("\n", LEAKS);
                LEAKS.clear();
                throw new AssertionError("Netty buffers leaked:\n" + report);
            }
        }
    }

    /** Gives the reference handler thread time to enqueue what the collector found. */
    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
