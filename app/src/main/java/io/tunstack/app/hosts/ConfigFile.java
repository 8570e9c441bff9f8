package io.tunstack.app.hosts;

import io.tunstack.stack.profile.HostProfile;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * The config file ({@code --config FILE}), in TOML 1.0: command-line options by their long names without the dashes,
 * then named profiles and the hosts that use them.
 *
 * <pre>
 * answer = "172.21.22.1-172.21.22.99"
 * metrics = "9100"
 * seed = 42
 *
 * [profiles]
 * slow = "delay 200ms 20ms"
 * dead = "down"
 *
 * [hosts]
 * "172.21.22.30" = "slow"
 * "172.21.22.40/29" = "delay 5ms loss 1%"
 * </pre>
 *
 * <p>An option's value is a string, a number or a boolean, as on the command line; an array gives an option that takes
 * several values ({@code address = ["172.21.22.23/24", "fd00:172:21:22::23/64"]}). A host's key is an address list in
 * the {@code --answer} syntax (quoted: TOML reads dots in a bare key as tables), its value the name of a profile of
 * {@code [profiles]} or profile words. Everything is checked when the file is read: an unknown key, a value of the
 * wrong type, a bad profile word or address is a {@link ConfigException} that names the line and the key.
 *
 * @param path the file
 * @param options each option set, by its long name without dashes, with its value as the command line would give it
 * @param profiles the named profiles, in the file's order
 * @param hosts the hosts, in the file's order
 */
public record ConfigFile(Path path, Map<String, Setting> options, Map<String, HostProfile> profiles,
        List<HostAssignment> hosts) {

    /** The table of named profiles. */
    public static final String PROFILES = "profiles";
    /** The table of hosts. */
    public static final String HOSTS = "hosts";

    /**
     * One option of the file.
     *
     * @param key the option's long name without dashes ({@code answer-broadcast})
     * @param value as the command line would give it; several values of an array separated by commas
     * @param line where the file sets it, from 1
     */
    public record Setting(String key, String value, int line) {
    }

    public ConfigFile {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        profiles = Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
        hosts = List.copyOf(hosts);
    }

    /**
     * Reads and checks {@code path}.
     *
     * @param optionKeys the options the file may set, by long name without dashes
     * @throws ConfigException the first problem, in one line naming the file, the line and the key
     */
    public static ConfigFile read(Path path, Set<String> optionKeys) throws ConfigException {
        TomlParseResult toml;
        try {
            toml = Toml.parse(path);
        } catch (NoSuchFileException e) {
            throw new ConfigException(path + ": no such file", e);
        } catch (IOException e) {
            throw new ConfigException(path + ": cannot read: " + e.getMessage(), e);
        }
        if (toml.hasErrors()) {
            TomlParseError error = toml.errors().get(0);
            throw new ConfigException(where(path, error.position(), null) + ": " + plain(error.getMessage()));
        }
        return of(path, toml, optionKeys);
    }

    /** Reads a file already parsed; see {@link #read}. */
    static ConfigFile of(Path path, TomlTable toml, Set<String> optionKeys) throws ConfigException {
        Map<String, Setting> options = new LinkedHashMap<>();
        Map<String, HostProfile> profiles = new LinkedHashMap<>();
        List<HostAssignment> hosts = new ArrayList<>();
        for (String key : toml.keySet()) {
            List<String> keyPath = List.of(key);
            TomlPosition position = toml.inputPositionOf(keyPath);
            Object value = toml.get(keyPath);
            if (key.equals(PROFILES) || key.equals(HOSTS)) {
                if (!(value instanceof TomlTable)) {
                    throw new ConfigException(where(path, position, key) + ": expected a table ([" + key + "])");
                }
                continue;
            }
            if (!optionKeys.contains(key)) {
                String hint = key.equals("host") ? " (hosts go in the [hosts] table: \"ADDRS\" = \"WORDS\")"
                        : " (expected: an option's long name without the dashes, or a [profiles] or [hosts] table)";
                throw new ConfigException(where(path, position, key) + ": unknown key" + hint);
            }
            options.put(key, new Setting(key, optionValue(path, position, key, value), position.line()));
        }
        TomlTable profileTable = toml.getTable(List.of(PROFILES));
        if (profileTable != null) {
            for (String name : profileTable.keySet()) {
                TomlPosition position = profileTable.inputPositionOf(List.of(name));
                String key = PROFILES + "." + Toml.joinKeyPath(List.of(name));
                String words = string(path, position, key, profileTable.get(List.of(name)));
                try {
                    HostAssignment.checkProfileName(name);
                    profiles.put(name, HostProfile.parse(words));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(where(path, position, key) + ": " + e.getMessage(), e);
                }
            }
        }
        TomlTable hostTable = toml.getTable(List.of(HOSTS));
        if (hostTable != null) {
            for (String addresses : hostTable.keySet()) {
                TomlPosition position = hostTable.inputPositionOf(List.of(addresses));
                String key = HOSTS + "." + Toml.joinKeyPath(List.of(addresses));
                Object value = hostTable.get(List.of(addresses));
                if (value instanceof TomlTable) {
                    throw new ConfigException(where(path, position, key) + ": a table, not a profile: quote the"
                            + " addresses (\"172.21.22.30\" = \"slow\"), TOML reads dots in a bare key as tables");
                }
                String profile = string(path, position, key, value);
                try {
                    hosts.add(HostAssignment.of(addresses, profile, profiles));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(where(path, position, key) + ": " + e.getMessage(), e);
                }
            }
        }
        return new ConfigFile(path, options, profiles, hosts);
    }

    private static String optionValue(Path path, TomlPosition position, String key, Object value)
            throws ConfigException {
        if (value instanceof String || value instanceof Long || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof TomlArray array) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                Object element = array.get(i);
                if (!(element instanceof String || element instanceof Long)) {
                    throw new ConfigException(where(path, array.inputPositionOf(i), key)
                            + ": expected strings or integers in the array");
                }
                values.add(element.toString());
            }
            return String.join(",", values);
        }
        throw new ConfigException(where(path, position, key)
                + ": expected a string, an integer, a boolean or an array of them");
    }

    private static String string(Path path, TomlPosition position, String key, Object value) throws ConfigException {
        if (value instanceof String text) {
            return text;
        }
        throw new ConfigException(where(path, position, key) + ": expected a string of profile words or a profile's"
                + " name");
    }

    /** {@code FILE line N, key K}, or without the key. */
    static String where(Path path, TomlPosition position, String key) {
        return path + " line " + position.line() + (key == null ? "" : ", key " + key);
    }

    /** tomlj's message without the position it already appends ("... (line 3, column 7)"). */
    private static String plain(String message) {
        return message.replaceAll("\\s*\\(line \\d+, column \\d+\\)\\s*$", "");
    }
}
