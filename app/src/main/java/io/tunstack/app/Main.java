package io.tunstack.app;

import io.tunstack.device.NativeBinding;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.ParameterException;

/** The entry point of {@code tunstack.jar}: runs {@link TunstackCommand} and exits with its status. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // The device's native calls are generated while picocli reads the command line, on the other core: the first
        // reply comes about 0.1 s sooner (docs/BENCHMARKS.md, "Start-up").
        NativeBinding.prepareInBackground();
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with tunstack's error handling: a usage error is one line and exit status 2; an unexpected
     * exception is one line and exit status 1, with the stack trace only under {@code --verbose}.
     */
    static CommandLine commandLine() {
        return commandLine(new TunstackCommand());
    }

    /** The command line of {@code command}, with tunstack's error handling and the config file's defaults. */
    static CommandLine commandLine(TunstackCommand command) {
        CommandLine commandLine = new CommandLine(command);
        command.configDefaults = new ConfigDefaults(commandLine.getCommandSpec(), () -> command.profileOptions.config);
        commandLine.setDefaultValueProvider(command.configDefaults);
        commandLine.setParameterExceptionHandler(Main::usageError);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            err.println("tunstack: internal error: " + e + " (run with --verbose for the stack trace)");
            if (cmd.getCommand() instanceof TunstackCommand && ((TunstackCommand) cmd.getCommand()).verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCode.SOFTWARE;
        });
        return commandLine;
    }

    private static int usageError(ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        // A value the config file gave and the option refused is named by its line and key.
        String where = e.getCommandLine().getCommand() instanceof TunstackCommand command
                && command.configDefaults != null && e.getArgSpec() != null
                ? command.configDefaults.describe(e.getArgSpec()) : null;
        err.println("tunstack: " + (where == null ? "" : where + ": ") + e.getMessage() + " (see 'tunstack --help')");
        err.flush();
        return ExitCode.USAGE;
    }
}
