package io.tunstack.app;

import io.tunstack.app.hosts.ConfigException;
import io.tunstack.app.hosts.ConfigFile;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The config file's options as picocli's defaults: an option given on the command line wins, one the file sets
 * replaces the built-in default, and picocli converts and checks the file's value with the option's own converter.
 *
 * <p>picocli asks for defaults after it has matched the command line, so {@code --config} is known by then: the file
 * is read at the first question. A file that cannot be read or checked is a usage error ({@link ParameterException},
 * exit status 2) with its one line. {@link #describe} tells the usage error handler which file line set an option,
 * so that a value the option's converter refuses is named by line and key too.
 */
final class ConfigDefaults implements IDefaultValueProvider {

    /** Options the file cannot set: they are about the file, or print and exit. */
    private static final Set<String> NOT_IN_FILE = Set.of("config", "help", "version");

    private final CommandSpec command;
    private final Supplier<Path> configPath;
    private ConfigFile file;
    private boolean read;

    /**
     * @param command the {@code tunstack} command, whose options the file may set
     * @param configPath the {@code --config} given, or {@code null}, once the command line is matched
     */
    ConfigDefaults(CommandSpec command, Supplier<Path> configPath) {
        this.command = command;
        this.configPath = configPath;
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || !command.options().contains(option)) {
            return null;
        }
        ConfigFile config = file();
        if (config == null) {
            return null;
        }
        ConfigFile.Setting setting = config.options().get(key(option));
        return setting == null ? null : setting.value();
    }

    /** The file read, or {@code null} without {@code --config}. */
    synchronized ConfigFile file() {
        if (!read) {
            Path path = configPath.get();
            if (path == null) {
                return null;
            }
            try {
                file = ConfigFile.read(path, optionKeys(command));
            } catch (ConfigException e) {
                throw new ParameterException(command.commandLine(), "--config " + e.getMessage());
            }
            read = true;
        }
        return file;
    }

    /** {@code FILE line N, key K} for an option the file set and the command line did not, else {@code null}. */
    synchronized String describe(ArgSpec argSpec) {
        if (file == null || !(argSpec instanceof OptionSpec option) || !command.options().contains(option)) {
            return null;
        }
        ConfigFile.Setting setting = file.options().get(key(option));
        if (setting == null || command.commandLine().getParseResult() != null
                && command.commandLine().getParseResult().hasMatchedOption(option)) {
            return null;
        }
        return file.path() + " line " + setting.line() + ", key " + setting.key();
    }

    /** The keys the file may use: every long option name of the command, without its dashes. */
    static Set<String> optionKeys(CommandSpec command) {
        Set<String> keys = new TreeSet<>();
        for (OptionSpec option : command.options()) {
            String key = key(option);
            if (!NOT_IN_FILE.contains(key)) {
                keys.add(key);
            }
        }
        return keys;
    }

    private static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }
}
