package io.tunstack.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.app.hosts.ControlServer;
import io.tunstack.app.hosts.HostProfiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code tunstack hosts ...} against a control API on the loopback address. */
class HostsCommandTest {

    private final HostProfiles profiles = new HostProfiles(1);
    private ControlServer server;

    private record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void start() throws IOException {
        profiles.load(Map.of(), List.of(), List.of());
        server = ControlServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), profiles, null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Run hosts(String... args) {
        CommandLine commandLine = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 3];
        all[0] = "hosts";
        all[1] = "--control";
        all[2] = Integer.toString(server.address().getPort());
        System.arraycopy(args, 0, all, 3, args.length);
        return new Run(commandLine.execute(all), out.toString(), err.toString());
    }

    @Test
    void setListRemove() {
        Run set = hosts("set", "172.21.22.64/28", "delay", "50ms", "loss", "5%");
        assertEquals(0, set.exitCode(), set.err());
        assertEquals("172.21.22.64-172.21.22.79 delay 50ms loss 5%\n", set.out());

        Run list = hosts("list");
        assertEquals("172.21.22.64-172.21.22.79\tdelay 50ms loss 5%\tdelay 50ms loss 5%\tcontrol-api\n", list.out());

        assertEquals(0, hosts("remove", "172.21.22.64-172.21.22.79").exitCode());
        assertEquals("", hosts("list").out());
    }

    @Test
    void aRefusedChangeIsOneLineAndExitStatus1() {
        Run run = hosts("set", "172.21.22.30", "delay", "soon");

        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("tunstack hosts: PUT /hosts/172.21.22.30: 400 'soon'"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void nothingListeningIsSaid() {
        int port = server.address().getPort();
        server.close();
        CommandLine commandLine = Main.commandLine();
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err));

        assertEquals(1, commandLine.execute("hosts", "--control", Integer.toString(port), "list"));
        assertTrue(err.toString().contains("nothing answers on 127.0.0.1:" + port), err.toString());
    }
}
