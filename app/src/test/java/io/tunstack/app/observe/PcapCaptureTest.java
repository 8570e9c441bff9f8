package io.tunstack.app.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tunstack.device.LinkType;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capture is written as it goes: headers at once, packets within {@link PcapCapture#FLUSH_INTERVAL} without any
 * close, and an idle capture's flusher waits without a timeout (no periodic wake-up).
 */
class PcapCaptureTest {

    /** The echo request of a real {@code ping -c 1 127.0.0.1}, 84 bytes. */
    private static final byte[] REQUEST = HexFormat.of().parseHex(
            "45000054950d40004001a7997f0000017f0000010800" + "80e04caf0001f1b6076b00000000647a0e0000000000"
                    + "101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637");

    /** An Enhanced Packet Block of {@link #REQUEST}: 12 framing + 20 fixed + 84 data + 8 epb_flags + 4 end. */
    private static final int EPB_SIZE = 12 + 20 + 84 + 8 + 4;

    @TempDir
    Path dir;

    @Test
    void packetsReachTheFileWithinAFlushIntervalAndAnIdleFlusherWaitsWithoutATimeout() throws Exception {
        Path file = dir.resolve("live.pcapng");
        try (PcapCapture capture = PcapCapture.create(file, "tun0", LinkType.RAW_IP)) {
            long headers = Files.size(file);
            assertTrue(headers > 0, "the headers are on disk at once: tcpdump -r reads an empty capture");
            awaitState(capture, Thread.State.WAITING, Duration.ofSeconds(5));

            long written = System.nanoTime();
            capture.onRead(new CapturedPacket(REQUEST, Instant.now()), Verdict.answered(Answer.ICMPV4_ECHO_REPLY));
            capture.onWritten(null, new CapturedPacket(REQUEST, Instant.now()));
            while (Files.size(file) < headers + 2L * EPB_SIZE) {
                assertTrue(System.nanoTime() - written < PcapCapture.FLUSH_INTERVAL.toNanos() * 3,
                        "not flushed in time: " + Files.size(file) + " bytes");
                Thread.sleep(20);
            }
            assertEquals(headers + 2L * EPB_SIZE, Files.size(file), "whole blocks only");

            awaitState(capture, Thread.State.WAITING, Duration.ofSeconds(5));
        }
    }

    @Test
    void closingFlushesAndEndsTheFlusher() throws Exception {
        Path file = dir.resolve("closed.pcapng");
        PcapCapture capture = PcapCapture.create(file, "tun0", LinkType.RAW_IP);
        long headers = Files.size(file);
        capture.onWritten(null, new CapturedPacket(REQUEST, Instant.now()));

        capture.close();
        capture.close();

        assertEquals(headers + EPB_SIZE, Files.size(file));
        awaitState(capture, Thread.State.TERMINATED, Duration.ofSeconds(5));
    }

    @Test
    void aFileSystemWithNoSpaceIsAStartupErrorNamingTheFile() {
        assumeTrue(Files.isWritable(Path.of("/dev/full")), "/dev/full is needed");
        IOException e = assertThrows(IOException.class, () -> PcapCapture.create(Path.of("/dev/full"), "tun0", LinkType.RAW_IP));
        assertTrue(e.getMessage().startsWith("cannot create capture file /dev/full: No space left"), e.getMessage());
    }

    /** Two blocks of 12 and 16 bytes, each with its Block Total Length at offset 4, little-endian. */
    @Test
    void aTornWriteIsCutBackToItsLastWholeBlock() {
        byte[] blocks = HexFormat.of().parseHex("0a0d0d0a" + "0c000000" + "0c000000"
                + "06000000" + "10000000" + "aaaaaaaa" + "10000000");
        assertEquals(28, PcapCapture.WholeBlocks.wholeBlocks(blocks, 0, 28));
        assertEquals(12, PcapCapture.WholeBlocks.wholeBlocks(blocks, 0, 27), "the second block torn");
        assertEquals(12, PcapCapture.WholeBlocks.wholeBlocks(blocks, 0, 14));
        assertEquals(0, PcapCapture.WholeBlocks.wholeBlocks(blocks, 0, 11), "the first block torn");
        assertEquals(16, PcapCapture.WholeBlocks.wholeBlocks(blocks, 12, 16), "from an offset");
        assertEquals(0, PcapCapture.WholeBlocks.wholeBlocks(blocks, 12, 7));
    }

    @Test
    void dashIsStandardOutput() {
        assertTrue(PcapCapture.isStandardOutput(Path.of("-")));
        assertTrue(!PcapCapture.isStandardOutput(Path.of("./-")) && !PcapCapture.isStandardOutput(null));
    }

    private static void awaitState(PcapCapture capture, Thread.State expected, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (capture.flusherState() != expected) {
            assertTrue(System.nanoTime() < deadline, "flusher is " + capture.flusherState() + ", not " + expected);
            Thread.sleep(10);
        }
    }
}
