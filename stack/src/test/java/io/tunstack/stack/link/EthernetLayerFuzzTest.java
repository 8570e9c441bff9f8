package io.tunstack.stack.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.RecordingTransmitter;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.CapturedFrames;
import io.tunstack.stack.wire.EthernetFrame;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Captured frames with random bytes changed, cut short or lengthened, by the thousand: every one gets a verdict,
 * counted once, nothing throws, nothing leaks, every frame sent is whole (at least 60 bytes), and the captured
 * request is still answered after the storm.
 */
@ExtendWith(LeakDetection.class)
class EthernetLayerFuzzTest {

    private static final byte[][] SEEDS = {CapturedFrames.ARP_REQUEST, CapturedFrames.ARP_REPLY,
        CapturedFrames.GRATUITOUS_ARP, CapturedFrames.ECHO_REQUEST, CapturedFrames.SMALL_ECHO_REQUEST,
        CapturedFrames.IPV6_ECHO_REQUEST, CapturedFrames.NEIGHBOR_SOLICITATION, CapturedFrames.NEIGHBOR_ADVERTISEMENT,
        CapturedFrames.MLD_REPORT};
    private static final int FRAMES = 20_000;

    private final LinkFixture fixture = new LinkFixture(CapturedFrames.ECHO_REPLY_ID, "172.21.22.26 delay 200ms",
            "172.21.22.27 down");
    private final RecordingTransmitter tx = new RecordingTransmitter();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void mangledFramesGetCountedVerdictsAndWholeFramesOut() {
        EthernetLayer layer = fixture.layer();
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < FRAMES; i++) {
            byte[] frame = mangle(SEEDS[random.nextInt(SEEDS.length)], random);
            ByteBuf buffer = LinkFixture.frame(frame);
            try {
                assertNotNull(layer.receive(buffer, tx));
            } finally {
                assertTrue(buffer.release());
            }
            if (i % 100 == 0) {
                fixture.clock.advance(Duration.ofMillis(150));
                layer.poll(fixture.clock.getAsLong(), tx);
            }
        }
        assertEquals(FRAMES, fixture.counters.received(), "every frame counted once");
        for (byte[] sent : tx.packets()) {
            assertTrue(sent.length >= EthernetFrame.MIN_FRAME_LENGTH, "a frame of " + sent.length + " bytes");
        }
        tx.packets().clear();
        ByteBuf control = LinkFixture.frame(CapturedFrames.ARP_REQUEST);
        try {
            assertEquals(Verdict.answered(Answer.ARP_REPLY), layer.receive(control, tx));
        } finally {
            assertTrue(control.release());
        }
    }

    /** One to four bytes changed; now and then the frame cut short or lengthened with random bytes. */
    private static byte[] mangle(byte[] seed, SplittableRandom random) {
        byte[] frame = seed.clone();
        int changes = 1 + random.nextInt(4);
        for (int c = 0; c < changes; c++) {
            frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
        }
        switch (random.nextInt(8)) {
            case 0:
                return Arrays.copyOf(frame, random.nextInt(frame.length));
            case 1:
                byte[] longer = Arrays.copyOf(frame, frame.length + 1 + random.nextInt(64));
                for (int i = frame.length; i < longer.length; i++) {
                    longer[i] = (byte) random.nextInt(256);
                }
                return longer;
            default:
                return frame;
        }
    }
}
