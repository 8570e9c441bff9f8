package io.tunstack.app.observe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --pcap FILE}: the capture file shared by every worker. A write error (a full disk) stops the capture with one
 * warning; it never stops the responder.
 */
final class PcapCapture implements AutoCloseable {

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
        } catch (IOException e) {
            throw new IOException("cannot create capture file " + file + ": " + e, e);
        }
    }

    /** Appends one packet, unless an earlier write failed. */
    synchronized void write(CapturedPacket packet, PcapNgWriter.Direction direction, String comment) {
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
