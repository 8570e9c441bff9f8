package io.tunstack.app;

import io.tunstack.app.hosts.ConfigException;
import io.tunstack.app.hosts.ConfigFile;
import io.tunstack.app.hosts.ControlServer;
import io.tunstack.app.hosts.HostAssignment;
import io.tunstack.app.hosts.HostProfiles;
import io.tunstack.app.observe.ListenAddress;
import io.tunstack.stack.profile.HostProfile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of the hosts' profiles, a picocli mixin: {@code --host}, {@code --seed}, {@code --config} and the control
 * API's {@code --control}, {@code --control-token}, {@code --control-token-file}. It reads the profiles at start-up
 * (a bad one is a usage error), reloads the config file on {@code SIGHUP}, and opens the control API.
 */
final class ProfileOptions {

    private static final Logger log = LoggerFactory.getLogger(ProfileOptions.class);

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--host", paramLabel = "'ADDRS WORDS...'",
            description = "Give the addresses ADDRS (the --answer syntax) a profile: netem-like words, e.g. '172.21.22.30"
                    + " delay 50ms 10ms loss 5%%', or the name of a profile of the config file. Words: delay TIME"
                    + " [JITTER [CORR%%]], distribution normal|pareto|paretonormal|uniform, loss PCT [CORR%%], duplicate"
                    + " PCT, down, unreachable, flap UP DOWN, ttl N, hops N, rate N/s, broadcast, mac MAC (TAP mode)."
                    + " Repeatable; the most specific range wins, and among equal ones the later (the command line's over the file's).")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed the profiles' random choices (loss, duplicates, jitter), so that a run can be repeated."
                    + " Default: a seed drawn at start-up.")
    Long seed;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Read options, named profiles and hosts from FILE (TOML); an option given on the command line"
                    + " wins over the file's. SIGHUP then reloads the file's profiles and hosts instead of stopping; a"
                    + " bad file on reload keeps the old ones, with a warning.")
    Path config;

    @Option(names = "--control", paramLabel = "[ADDR:]PORT", converter = ListenAddress.class,
            description = "Serve the control API at http://ADDR:PORT/hosts (list, PUT, DELETE a host's profile;"
                    + " 'tunstack hosts' is its client). ADDR defaults to the loopback address; any other needs a"
                    + " token. Off by default.")
    InetSocketAddress control;

    @Option(names = "--control-token", paramLabel = "TOKEN",
            description = "The bearer token every control API request must carry (Authorization: Bearer TOKEN)."
                    + " Visible in the process list: prefer --control-token-file.")
    String controlToken;

    @Option(names = "--control-token-file", paramLabel = "FILE",
            description = "Read the control API's bearer token from FILE (its first line).")
    Path controlTokenFile;

    /** The config file as read at start-up, or {@code null}; set by {@link #load}. */
    private ConfigFile startupFile;

    /**
     * The profiles for {@code queues} workers, from the config file and {@code --host}.
     *
     * @param file the config file read at start-up ({@link ConfigDefaults#file()}), or {@code null}
     * @throws ParameterException (a usage error) for a bad {@code --host}
     */
    HostProfiles load(ConfigFile file, int queues) {
        startupFile = file;
        HostProfiles profiles = new HostProfiles(queues);
        Map<String, HostProfile> named = file == null ? Map.of() : file.profiles();
        profiles.load(named, file == null ? List.of() : file.hosts(), commandLineHosts(named));
        if (control == null && (controlToken != null || controlTokenFile != null)) {
            throw new ParameterException(spec.commandLine(), "--control-token and --control-token-file need"
                    + " --control");
        }
        if (controlToken != null && controlTokenFile != null) {
            throw new ParameterException(spec.commandLine(), "--control-token and --control-token-file: give one");
        }
        if (control != null && !control.getAddress().isLoopbackAddress() && controlToken == null
                && controlTokenFile == null) {
            throw new ParameterException(spec.commandLine(), "--control " + control.getAddress().getHostAddress()
                    + " is not a loopback address: anyone who reaches it could change the hosts; give a token"
                    + " (--control-token-file FILE)");
        }
        return profiles;
    }

    /** The {@code --host} options read with the named profiles {@code named}. */
    private List<HostAssignment> commandLineHosts(Map<String, HostProfile> named) {
        List<HostAssignment> assignments = new ArrayList<>();
        for (String host : hosts) {
            try {
                assignments.add(HostAssignment.parse(host, named));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--host '" + host + "': " + e.getMessage());
            }
        }
        return assignments;
    }

    /** Whether SIGHUP reloads: a config file was given. */
    boolean reloads() {
        return config != null;
    }

    /**
     * Reads the config file again and, if it is good, makes its profiles and hosts (with {@code --host}'s) the ones in
     * force from the next packet on. A bad file changes nothing: one warning names the line and the key. Options
     * cannot change while tunstack runs: each one the file changed since start-up gets a warning and keeps its value.
     */
    void reload(HostProfiles profiles, Set<String> optionKeys) {
        ConfigFile file;
        List<HostAssignment> fromCommandLine;
        try {
            file = ConfigFile.read(config, optionKeys);
            fromCommandLine = commandLineHosts(file.profiles());
        } catch (ConfigException e) {
            log.warn("SIGHUP: not reloaded, the old config stays in force: {}", e.getMessage());
            return;
        } catch (ParameterException e) {
            log.warn("SIGHUP: not reloaded, the old config stays in force: {} no longer fits {}", e.getMessage(),
                    config);
            return;
        }
        for (String key : changedOptions(startupFile, file)) {
            ConfigFile.Setting setting = file.options().get(key);
            log.warn("SIGHUP: {} line {}, key {}: options cannot change while tunstack runs; restart to apply it"
                    + " (the profiles and hosts are reloaded)", config, setting == null ? "-" : setting.line(), key);
        }
        profiles.load(file.profiles(), file.hosts(), fromCommandLine);
        startupFile = Objects.requireNonNullElse(startupFile, file);
        log.info("SIGHUP: reloaded {}: {} named profile(s), {} host entr{} in force", config, file.profiles().size(),
                profiles.hosts().size(), profiles.hosts().size() == 1 ? "y" : "ies");
    }

    /** The options whose value differs between {@code before} and {@code after}, by key. */
    static Set<String> changedOptions(ConfigFile before, ConfigFile after) {
        Set<String> changed = new TreeSet<>();
        Map<String, ConfigFile.Setting> old = before == null ? Map.of() : before.options();
        for (String key : after.options().keySet()) {
            if (!old.containsKey(key) || !old.get(key).value().equals(after.options().get(key).value())) {
                changed.add(key);
            }
        }
        for (String key : old.keySet()) {
            if (!after.options().containsKey(key)) {
                changed.add(key);
            }
        }
        return changed;
    }

    /**
     * Opens the control API when {@code --control} is given, else returns {@code null}.
     *
     * @throws IOException when the address cannot be bound or the token file read, with the address or file named
     */
    ControlServer openControl(HostProfiles profiles) throws IOException {
        if (control == null) {
            return null;
        }
        return ControlServer.bind(control, profiles, token());
    }

    private String token() throws IOException {
        if (controlToken != null) {
            return controlToken;
        }
        if (controlTokenFile == null) {
            return null;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(controlTokenFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("cannot read --control-token-file " + controlTokenFile + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new IOException("--control-token-file " + controlTokenFile + " is empty");
        }
        return lines.get(0).trim();
    }
}
