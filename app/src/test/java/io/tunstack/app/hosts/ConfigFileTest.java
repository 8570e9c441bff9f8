package io.tunstack.app.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tunstack.stack.profile.HostProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    private static final Set<String> OPTIONS = Set.of("answer", "address", "mtu", "answer-broadcast", "seed");

    @TempDir
    Path dir;

    private ConfigFile read(String text) throws IOException, ConfigException {
        Path file = dir.resolve("tunstack.toml");
        Files.writeString(file, text);
        return ConfigFile.read(file, OPTIONS);
    }

    private String error(String text) throws IOException {
        Path file = dir.resolve("tunstack.toml");
        Files.writeString(file, text);
        return assertThrows(ConfigException.class, () -> ConfigFile.read(file, OPTIONS)).getMessage();
    }

    @Test
    void optionsProfilesAndHosts() throws Exception {
        ConfigFile config = read("""
                answer = "172.21.22.1-172.21.22.99"
                address = ["172.21.22.23/24", "fd00:172:21:22::23/64"]
                mtu = 1400
                answer-broadcast = true

                [profiles]
                slow = "delay 200ms 20ms"
                dead = "down"

                [hosts]
                "172.21.22.30" = "slow"
                "172.21.22.40/29" = "delay 5ms loss 1%"
                "172.21.22.50,172.21.22.51" = "dead"
                """);

        assertEquals("172.21.22.1-172.21.22.99", config.options().get("answer").value());
        assertEquals("172.21.22.23/24,fd00:172:21:22::23/64", config.options().get("address").value());
        assertEquals("1400", config.options().get("mtu").value());
        assertEquals(3, config.options().get("mtu").line());
        assertEquals("true", config.options().get("answer-broadcast").value());
        assertEquals(List.of("slow", "dead"), List.copyOf(config.profiles().keySet()));
        assertEquals(HostProfile.parse("delay 200ms 20ms"), config.profiles().get("slow"));
        assertEquals(List.of("slow", "delay 5ms loss 1%", "dead"),
                config.hosts().stream().map(HostAssignment::name).toList());
        assertEquals(2, config.hosts().get(2).ranges().size());
    }

    @Test
    void aSyntaxErrorNamesTheLine() throws IOException {
        String message = error("mtu = 1400\nanswer = \"172.21.22.1\n");
        assertEquals(true, message.contains("tunstack.toml line 2"), message);
        assertEquals(1, message.lines().count(), message);
    }

    @Test
    void anUnknownKeyIsNamedWithItsLine() throws IOException {
        String message = error("mtu = 1400\n\nanwser = \"172.21.22.1\"\n");
        assertEquals(true, message.contains("line 3, key anwser: unknown key"), message);
    }

    @Test
    void aBadProfileWordIsNamedWithItsLineAndKey() throws IOException {
        String message = error("[profiles]\nslow = \"delay 200ms\"\nlossy = \"loss 20 %\"\n");
        assertEquals(true, message.contains("line 3, key profiles.lossy: '%'"), message);
    }

    @Test
    void aHostWithAnUnknownProfileIsNamedWithItsLineAndKey() throws IOException {
        String message = error("[profiles]\nslow = \"delay 200ms\"\n[hosts]\n\"172.21.22.30\" = \"slwo\"\n");
        assertEquals(true, message.contains("line 4, key hosts.\"172.21.22.30\": 'slwo'"), message);
    }

    @Test
    void anUnquotedAddressKeyIsExplained() throws IOException {
        String message = error("[hosts]\n172.21.22.30 = \"down\"\n");
        assertEquals(true, message.contains("quote the addresses"), message);
    }

    @Test
    void aBadAddressIsNamedWithItsLineAndKey() throws IOException {
        String message = error("[hosts]\n\"172.21.22.300\" = \"down\"\n");
        assertEquals(true, message.contains("line 2, key hosts.\"172.21.22.300\": '172.21.22.300'"), message);
    }

    @Test
    void aValueOfTheWrongTypeIsNamed() throws IOException {
        String message = error("mtu = 1400.5\n");
        assertEquals(true, message.contains("line 1, key mtu: expected a string"), message);
    }

    @Test
    void aMissingFileIsOneLine() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigFile.read(dir.resolve("missing.toml"), OPTIONS));
        assertEquals(dir.resolve("missing.toml") + ": no such file", e.getMessage());
    }
}
