package io.tunstack.app.observe;

import io.tunstack.device.LinkType;
import io.tunstack.stack.verdict.Verdict;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --pcap FILE}: the capture file, shared by every worker. Every packet read and written goes in; a dropped
 * packet carries its drop reason as the packet comment ({@code tshark -r FILE -V} or Wireshark show it). A write
 * error (a full disk, a reader that went away) stops the capture with one warning; it never stops the responder.
 *
 * <p>Written as it goes: the headers at once, then packets at most {@link #FLUSH_INTERVAL} after they were captured,
 * so that {@code tcpdump -r} reads the file while tunstack runs, and a process killed with {@code SIGKILL} leaves
 * everything up to the last flush. A flusher thread does it, and only when something was written since the last
 * flush: idle, it waits without a timeout, and neither it nor a worker wakes up. The file only ever ends at a block
 * boundary: a write that fails part-way (no space left) is cut back to where the last whole write ended, so the
 * capture stays readable to its end.
 *
 * <p>{@code --pcap -} writes to standard output instead (tcpdump's convention: {@code tunstack --pcap - | wireshark
 * -k -i -}); the command then prints everything for people on stderr.
 */
final class PcapCapture implements ExchangeListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PcapCapture.class);

    /** The name of standard output as {@code --pcap} takes it. */
    static final String STANDARD_OUTPUT = "-";

    /** The longest a captured packet waits in memory before it is written out. */
    static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);

    private final String target;
    /** Null once closed or stopped by a failure; guarded by this. */
    private PcapNgWriter writer;
    /** Whether packets were written since the last flush; guarded by this. */
    private boolean dirty;
    private final Thread flusher;

    private PcapCapture(String target, OutputStream out, String interfaceName, LinkType linkType)
            throws IOException {
        this.target = target;
        this.writer = new PcapNgWriter(out, interfaceName, linkType);
        writer.flush();
        this.flusher = new Thread(this::flushWhileOpen, "tunstack-pcap");
        flusher.setDaemon(true);
        flusher.start();
    }

    /**
     * Creates (or truncates) {@code file}, or takes standard output for {@code -}, and writes the capture's headers,
     * with {@code linkType}'s {@code LINKTYPE_*}.
     *
     * @throws IOException when the file cannot be created, with the file named
     */
    static PcapCapture create(Path file, String interfaceName, LinkType linkType) throws IOException {
        if (file.toString().equals(STANDARD_OUTPUT)) {
            return new PcapCapture("standard output", new FileOutputStream(FileDescriptor.out), interfaceName,
                    linkType);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            PcapCapture capture = new PcapCapture(file.toString(), new WholeBlocks(channel), interfaceName, linkType);
            log.debug("capturing to {}", file);
            return capture;
        } catch (NoSuchFileException e) {
            throw new IOException("cannot create capture file " + file + ": no such directory", e);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot create capture file " + file + ": permission denied", e);
        } catch (IOException e) {
            if (channel != null) {
                channel.close();
            }
            throw new IOException("cannot create capture file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code --pcap} names standard output. */
    static boolean isStandardOutput(Path file) {
        return file != null && file.toString().equals(STANDARD_OUTPUT);
    }

    @Override
    public void onRead(CapturedPacket packet, Verdict verdict) {
        String comment = verdict.isDropped()
                ? "tunstack: " + verdict + " (" + verdict.reason().description() + ")"
                : null;
        write(packet, PcapNgWriter.Direction.INBOUND, comment);
    }

    @Override
    public void onWritten(CapturedPacket request, CapturedPacket reply) {
        write(reply, PcapNgWriter.Direction.OUTBOUND, null);
    }

    /** Appends one packet, unless an earlier write failed, and wakes the flusher if it sleeps. */
    private synchronized void write(CapturedPacket packet, PcapNgWriter.Direction direction, String comment) {
        if (writer == null) {
            return;
        }
        try {
            writer.writePacket(packet.bytes(), packet.time(), direction, comment);
        } catch (IOException e) {
            stop(e);
            return;
        }
        if (!dirty) {
            dirty = true;
            notifyAll();
        }
    }

    /**
     * The flusher's loop: waits for a write, lets {@link #FLUSH_INTERVAL} pass so that one flush covers a whole second
     * of a flood, and flushes; ends when the capture is closed.
     */
    private void flushWhileOpen() {
        try {
            synchronized (this) {
                while (writer != null) {
                    if (!dirty) {
                        wait();
                        continue;
                    }
                    long flushAt = System.nanoTime() + FLUSH_INTERVAL.toNanos();
                    for (long left = FLUSH_INTERVAL.toNanos(); left > 0 && writer != null;
                            left = flushAt - System.nanoTime()) {
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    }
                    flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes out what is buffered, if the capture is still open. Caller holds the lock. */
    private void flush() {
        if (writer == null) {
            return;
        }
        try {
            writer.flush();
            dirty = false;
        } catch (IOException e) {
            stop(e);
        }
    }

    /** Flushes the buffered packets and closes the file; the flusher ends. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (writer == null) {
                return;
            }
            try {
                writer.close();
                log.debug("capture {} closed", target);
            } catch (IOException e) {
                log.warn("capture to {} may be incomplete: {}", target, e.toString());
            } finally {
                writer = null;
                notifyAll();
            }
        }
    }

    /** The flusher thread's state, for tests: {@code WAITING} (no timeout) when idle, {@code TERMINATED} after close. */
    Thread.State flusherState() {
        return flusher.getState();
    }

    /** After a failed write or flush: one warning, and nothing more is written. Caller holds the lock. */
    private void stop(IOException cause) {
        log.warn("capture to {} stopped, tunstack goes on answering: {}", target, cause.getMessage());
        try {
            writer.close();
        } catch (IOException ignored) {
            // Already reported: the write failed.
        } finally {
            writer = null;
            notifyAll();
        }
    }

    /**
     * A capture file that only ever ends at a block boundary. The writer hands over whole blocks ({@link PcapNgWriter}:
     * one or more blocks per write). A write that fails part-way (no space left) is cut back ({@code ftruncate}) to the
     * end of the last block that made it whole, found by walking the Block Total Lengths of the bytes written; so the
     * capture ends with its last whole block instead of a torn one, and {@code tcpdump -r} reads it to the end.
     */
    static final class WholeBlocks extends OutputStream {

        /** Where a block's Block Total Length field is, from the start of the block. */
        private static final int BLOCK_TOTAL_LENGTH = 4;

        private final FileChannel channel;
        /** Where the last successful write ended. */
        private long end;
        /** After a failed write nothing more is written: a retry would land after the cut and tear the file again. */
        private IOException failed;

        WholeBlocks(FileChannel channel) throws IOException {
            this.channel = channel;
            this.end = channel.position();
        }

        @Override
        public void write(int b) throws IOException {
            throw new UnsupportedOperationException("a capture is written in whole blocks");
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (failed != null) {
                throw new IOException("capture stopped after: " + failed.getMessage(), failed);
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            try {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                end += length;
            } catch (IOException e) {
                int written = buffer.position() - offset;
                try {
                    channel.truncate(end + wholeBlocks(bytes, offset, written));
                } catch (IOException ignored) {
                    // The write's own failure is what gets reported.
                }
                failed = e;
                throw e;
            }
        }

        /** How many of the {@code written} bytes from {@code offset} are whole blocks. */
        static int wholeBlocks(byte[] bytes, int offset, int written) {
            ByteBuffer blocks = ByteBuffer.wrap(bytes, offset, written).slice().order(ByteOrder.LITTLE_ENDIAN);
            int whole = 0;
            while (whole + BLOCK_TOTAL_LENGTH + Integer.BYTES <= written) {
                int blockLength = blocks.getInt(whole + BLOCK_TOTAL_LENGTH);
                if (blockLength <= 0 || blockLength > written - whole) {
                    break;
                }
                whole += blockLength;
            }
            return whole;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
