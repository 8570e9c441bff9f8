package io.tunstack.app.observe;

import io.tunstack.stack.verdict.Verdict;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --pcap FILE}: the capture file, shared by every worker. Every packet read and written goes in; a dropped
 * packet carries its drop reason as the packet comment ({@code tshark -r FILE -V} or Wireshark show it). A write
 * error (a full disk) stops the capture with one warning; it never stops the responder.
 */
final class PcapCapture implements ExchangeListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PcapCapture.class);

    private final Path file;
    private PcapNgWriter writer;

    private PcapCapture(Path file, PcapNgWriter writer) {
        this.file = file;
        this.writer = writer;
    }

    /**
     * Creates (or truncates) {@code file} and writes the capture's headers.
     *
     * @throws IOException when the file cannot be created, with the file named
     */
    static PcapCapture create(Path file, String interfaceName) throws IOException {
        try {
            PcapNgWriter writer = new PcapNgWriter(Files.newOutputStream(file), interfaceName);
            log.debug("capturing to {}", file);
            return new PcapCapture(file, writer);
        } catch (NoSuchFileException e) {
            throw new IOException("cannot create capture file " + file + ": no such directory", e);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot create capture file " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new IOException("cannot create capture file " + file + ": " + e.getMessage(), e);
        }
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

    /** Appends one packet, unless an earlier write failed. */
    private synchronized void write(CapturedPacket packet, PcapNgWriter.Direction direction, String comment) {
        if (writer == null) {
            return;
        }
        try {
            writer.writePacket(packet.bytes(), packet.time(), direction, comment);
        } catch (IOException e) {
            log.warn("capture to {} stopped: {}", file, e.toString());
            closeQuietly();
        }
    }

    /** Flushes the buffered packets and closes the file. */
    @Override
    public synchronized void close() {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
            log.debug("capture {} closed", file);
        } catch (IOException e) {
            log.warn("capture to {} may be incomplete: {}", file, e.toString());
        } finally {
            writer = null;
        }
    }

    private void closeQuietly() {
        try {
            writer.close();
        } catch (IOException ignored) {
            // Already reported: the write failed.
        } finally {
            writer = null;
        }
    }
}
