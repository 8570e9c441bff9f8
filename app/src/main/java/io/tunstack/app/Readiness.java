package io.tunstack.app;

import io.tunstack.device.NativeException;
import io.tunstack.device.NotifySocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whoever started tunstack that it answers, without grepping its output: {@code sd_notify} {@code READY=1} to
 * the service manager when {@code NOTIFY_SOCKET} is set (and {@code STOPPING=1} when the stop begins), and
 * {@code --ready-file PATH}, which appears, whole, when tunstack answers (written beside itself and renamed into
 * place), holds tunstack's PID and a newline, and is removed at exit. ({@code /ready} on the metrics listener is the
 * third way: {@link io.tunstack.app.observe.MetricsServer}.)
 *
 * <p>Failures here never stop tunstack: each is one warning, and answering goes on. A file left by a killed tunstack
 * (SIGKILL) names a PID that is gone.
 */
final class Readiness implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Readiness.class);

    private final NotifySocket notifySocket;
    private final Path readyFile;
    private boolean fileWritten;

    private Readiness(NotifySocket notifySocket, Path readyFile) {
        this.notifySocket = notifySocket;
        this.readyFile = readyFile;
    }

    /**
     * Connects to {@code notifySocketAddress} (from {@code NOTIFY_SOCKET}, or {@code null}): early, before tunstack
     * enters another network namespace (where an abstract name is another socket) or gives root up. A socket that
     * cannot be reached is one warning.
     *
     * @param readyFile {@code --ready-file}, or {@code null}
     */
    static Readiness open(String notifySocketAddress, Path readyFile) {
        NotifySocket socket = null;
        if (notifySocketAddress != null && !notifySocketAddress.isEmpty()) {
            try {
                socket = NotifySocket.connect(notifySocketAddress);
                log.debug("{}={}: will notify readiness", NotifySocket.ENVIRONMENT_VARIABLE, notifySocketAddress);
            } catch (NativeException | IllegalArgumentException e) {
                log.warn("cannot notify the service manager ({}={}): {}", NotifySocket.ENVIRONMENT_VARIABLE,
                        notifySocketAddress, e.getMessage());
            }
        }
        return new Readiness(socket, readyFile);
    }

    /** Tunstack answers: {@code READY=1} with {@code status} as {@code STATUS=}, and the ready file. */
    void ready(String status) {
        notify("READY=1\nSTATUS=" + status.replace('\n', ' ') + "\nMAINPID=" + ProcessHandle.current().pid());
        if (readyFile != null) {
            writeReadyFile();
        }
    }

    /** The orderly stop begins: {@code STOPPING=1}. */
    void stopping() {
        notify("STOPPING=1");
    }

    /** Removes the ready file and closes the socket. */
    @Override
    public void close() {
        if (fileWritten) {
            try {
                Files.deleteIfExists(readyFile);
            } catch (IOException e) {
                log.warn("cannot remove the ready file {}: {}", readyFile, e.toString());
            }
        }
        if (notifySocket != null) {
            notifySocket.close();
        }
    }

    private void notify(String state) {
        if (notifySocket == null) {
            return;
        }
        try {
            notifySocket.send(state);
        } catch (NativeException e) {
            log.warn("cannot notify the service manager: {}", e.getMessage());
        }
    }

    /** Writes the PID beside the file, then renames it into place: a reader sees no file or the whole of it. */
    private void writeReadyFile() {
        Path temporary = readyFile.resolveSibling("." + readyFile.getFileName() + "." + ProcessHandle.current().pid());
        try {
            Files.writeString(temporary, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(temporary, readyFile, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, readyFile, StandardCopyOption.REPLACE_EXISTING);
            }
            fileWritten = true;
        } catch (IOException e) {
            log.warn("cannot write the ready file {}: {}", readyFile, e.toString());
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // The failure that matters is reported.
            }
        }
    }
}
