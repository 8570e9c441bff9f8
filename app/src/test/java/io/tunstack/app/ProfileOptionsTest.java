package io.tunstack.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.app.hosts.HostProfiles;
import io.tunstack.stack.address.IpAddress;
import io.tunstack.stack.profile.ProfileTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --host}, {@code --config} with the command line winning, and reloads. Nothing is opened. */
class ProfileOptionsTest {

    @TempDir
    Path dir;

    private Path config(String text) throws IOException {
        Path file = dir.resolve("tunstack.toml");
        Files.writeString(file, text);
        return file;
    }

    /** Parses {@code args} as Main would, and reads the settings and the profiles. */
    private static TunstackCommand parse(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.parseArgs(args);
        return (TunstackCommand) commandLine.getCommand();
    }

    private static HostProfiles profiles(TunstackCommand command) {
        return command.profileOptions.load(command.configDefaults.file(), 1);
    }

    private static ProfileTable.Entry lookup(HostProfiles profiles, String address) {
        IpAddress ip = IpAddress.parse(address);
        return profiles.source(0).current().lookup(ip.family(), ip.high(), ip.low());
    }

    /** Runs Main's command line (usage errors only: it must fail before anything is opened). */
    private static String usageError(String... args) {
        CommandLine commandLine = Main.commandLine();
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err));
        commandLine.setOut(new PrintWriter(new StringWriter()));
        assertEquals(2, commandLine.execute(args), err.toString());
        return err.toString();
    }

    @Test
    void hostsFromTheCommandLine() {
        TunstackCommand command = parse("--host", "172.21.22.30 delay 50ms", "--host", "172.21.22.40/29 down",
                "--seed", "7");

        HostProfiles profiles = profiles(command);

        assertEquals("delay 50ms", lookup(profiles, "172.21.22.30").name());
        assertEquals("down", lookup(profiles, "172.21.22.41").name());
        assertEquals(7L, command.profileOptions.seed);
    }

    @Test
    void theFileGivesOptionsAndTheCommandLineWins() throws IOException {
        Path file = config("""
                mtu = 1400
                answer = "172.21.22.26,172.21.22.30"
                address = ["172.21.22.23/24"]
                [profiles]
                slow = "delay 200ms"
                [hosts]
                "172.21.22.30" = "slow"
                """);

        TunstackCommand command = parse("--config", file.toString(), "--mtu", "1300", "--host", "172.21.22.26 slow");
        ResponderSettings settings = command.settings();
        HostProfiles profiles = profiles(command);

        assertEquals(1300, settings.mtu(), "the command line wins");
        assertTrue(settings.answer().contains(IpAddress.parse("172.21.22.30")), "the file's --answer");
        assertEquals(1, settings.addresses().size());
        assertEquals("slow", lookup(profiles, "172.21.22.30").name());
        assertEquals("slow", lookup(profiles, "172.21.22.26").name(), "--host names the file's profile");
    }

    @Test
    void theFileSetsTheObservingOptionsToo() throws IOException {
        Path file = config("metrics = \"9464\"\ntrace = true\nseed = 5\ncontrol = \"9180\"\n");

        TunstackCommand command = parse("--config", file.toString());

        assertEquals(9464, command.observe.metrics().getPort());
        assertTrue(command.observe.trace());
        assertEquals(5L, command.profileOptions.seed);
        assertEquals(9180, command.profileOptions.control.getPort());
    }

    @Test
    void aBadFileIsAUsageErrorNamingTheLineAndTheKey() throws IOException {
        Path file = config("mtu = 1400\n[hosts]\n\"172.21.22.30\" = \"delay\"\n");

        String err = usageError("--config", file.toString());

        assertTrue(err.startsWith("tunstack: --config " + file + " line 3, key hosts.\"172.21.22.30\": 'delay' needs"
                + " a value"), err);
        assertEquals(1, err.lines().count(), err);
    }

    @Test
    void aValueTheOptionRefusesIsNamedByLineAndKey() throws IOException {
        Path file = config("\nqueues = \"many\"\n");

        String err = usageError("--config", file.toString());

        assertTrue(err.startsWith("tunstack: " + file + " line 2, key queues: Invalid value for option '--queues'"),
                err);
    }

    @Test
    void aBadHostIsAUsageError() {
        String err = usageError("--host", "172.21.22.30 dealy 5ms");

        assertTrue(err.startsWith("tunstack: --host '172.21.22.30 dealy 5ms': 'dealy': unknown word"), err);
    }

    @Test
    void aNonLoopbackControlAddressNeedsAToken() {
        String err = usageError("--control", "0.0.0.0:9180");

        assertTrue(err.contains("is not a loopback address"), err);
    }

    @Test
    void aReloadAppliesAGoodFileAndKeepsTheOldOnesOnABadOne() throws IOException {
        Path file = config("[hosts]\n\"172.21.22.30\" = \"delay 10ms\"\n");
        TunstackCommand command = parse("--config", file.toString());
        HostProfiles profiles = profiles(command);
        Set<String> keys = ConfigDefaults.optionKeys(Main.commandLine().getCommandSpec());

        config("[hosts]\n\"172.21.22.30\" = \"delay 20ms\"\n\"172.21.22.31\" = \"down\"\n");
        command.profileOptions.reload(profiles, keys);
        assertEquals("delay 20ms", lookup(profiles, "172.21.22.30").name());
        assertEquals("down", lookup(profiles, "172.21.22.31").name());

        config("[hosts]\n\"172.21.22.30\" = \"delay 30 ms\"\n");
        command.profileOptions.reload(profiles, keys);
        assertEquals("delay 20ms", lookup(profiles, "172.21.22.30").name(), "the old config stays");

        config("[hosts]\n");
        command.profileOptions.reload(profiles, keys);
        assertNull(lookup(profiles, "172.21.22.30"));
    }

    @Test
    void optionsChangedInTheFileAreNamedOnReload() throws Exception {
        Path file = config("mtu = 1400\nanswer = \"172.21.22.26\"\n");
        TunstackCommand command = parse("--config", file.toString());
        var before = command.configDefaults.file();
        config("mtu = 1300\nanswer = \"172.21.22.26\"\nseed = 3\n");
        var after = io.tunstack.app.hosts.ConfigFile.read(file,
                ConfigDefaults.optionKeys(Main.commandLine().getCommandSpec()));

        assertEquals(Set.of("mtu", "seed"), ProfileOptions.changedOptions(before, after));
    }
}
