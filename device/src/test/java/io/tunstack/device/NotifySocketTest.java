package io.tunstack.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import jnr.constants.platform.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sd_notify(3)}'s socket: the {@code sockaddr_un} for a path and for an abstract name, and real datagrams
 * received by a python3 listener (the JDK cannot bind a Unix datagram socket), as systemd would receive them.
 */
class NotifySocketTest {

    /** Binds the address in argv[1] (a leading @ for an abstract name), says "bound", prints two datagrams. */
    private static final String LISTENER = "import socket, sys\n"
            + "a = sys.argv[1]\n"
            + "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
            + "s.bind('\\0' + a[1:] if a.startswith('@') else a)\n"
            + "print('bound', flush=True)\n"
            + "for _ in range(2):\n"
            + "    print(repr(s.recv(4096).decode()), flush=True)\n";

    @TempDir
    Path dir;

    @Test
    void aPathIsFollowedByItsNul() {
        assertEquals(2 + "/run/notify".length() + 1, NotifySocket.sockaddrLength("/run/notify"));
        assertEquals(Linux.AF_UNIX, NotifySocket.sockaddr("/run/notify").getShort(Linux.SOCKADDR_UN_FAMILY));
        assertEquals('/', NotifySocket.sockaddr("/run/notify").getByte(Linux.SOCKADDR_UN_PATH));
    }

    @Test
    void anAbstractNameStartsWithNulAndHasNoNulAfterIt() {
        assertEquals(2 + "@tunstack".length(), NotifySocket.sockaddrLength("@tunstack"));
        assertEquals(0, NotifySocket.sockaddr("@tunstack").getByte(Linux.SOCKADDR_UN_PATH));
        assertEquals('t', NotifySocket.sockaddr("@tunstack").getByte(Linux.SOCKADDR_UN_PATH + 1));
    }

    @Test
    void anAddressLongerThanSunPathIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> NotifySocket.sockaddrLength("/" + "x".repeat(107)));
        assertEquals(2 + 107 + 1, NotifySocket.sockaddrLength("/" + "x".repeat(106)));
        assertThrows(IllegalArgumentException.class, () -> NotifySocket.sockaddrLength(""));
        assertThrows(IllegalArgumentException.class, () -> NotifySocket.sockaddrLength("@"));
    }

    @Test
    void noListenerIsAnErrorWithTheAddress() {
        Path missing = dir.resolve("missing");
        NativeException e = assertThrows(NativeException.class, () -> NotifySocket.connect(missing.toString()));
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("connect", e.syscall());
    }

    @Test
    void aListenerOnAPathReceivesEachMessageAsOneDatagram() throws Exception {
        assertDelivered(dir.resolve("notify").toString());
    }

    @Test
    void aListenerOnAnAbstractNameReceivesEachMessageAsOneDatagram() throws Exception {
        assertDelivered("@tunstack-notify-test-" + ProcessHandle.current().pid());
    }

    private static void assertDelivered(String address) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")) || isOnPath("python3"), "python3 is needed");
        Process listener = new ProcessBuilder("python3", "-c", LISTENER, address).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("bound", out.readLine());
            try (NotifySocket socket = NotifySocket.connect(address)) {
                socket.send("READY=1\nSTATUS=answering on tun0");
                socket.send("STOPPING=1");
            }
            assertEquals("'READY=1\\nSTATUS=answering on tun0'", out.readLine());
            assertEquals("'STOPPING=1'", out.readLine());
        } finally {
            listener.waitFor(10, TimeUnit.SECONDS);
            listener.destroyForcibly();
        }
    }

    private static boolean isOnPath(String command) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, command))) {
                return true;
            }
        }
        return false;
    }
}
