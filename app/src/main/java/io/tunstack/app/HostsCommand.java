package io.tunstack.app;

import io.tunstack.app.observe.ListenAddress;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code tunstack hosts list|set|remove}: the client of the control API of a running tunstack ({@code --control}).
 * It changes nothing itself: it sends one request and prints the answer. Run it where tunstack's control address is
 * reachable (with {@code --netns}, in that namespace: {@code ip netns exec NAME tunstack hosts ...}).
 */
@Command(
        name = "hosts",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        subcommands = {HostsCommand.List.class, HostsCommand.Set.class, HostsCommand.Remove.class},
        header = "Lists and changes the hosts' profiles of a running tunstack, through its control API (--control).",
        description = {
            "A change takes effect from the next packet; answers already delayed leave as planned.",
            "Exit status: 0 done, 1 tunstack refused the request or cannot be reached, 2 invalid command line."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  tunstack hosts --control 9180 list",
            "  tunstack hosts --control 9180 set 172.21.22.30 delay 50ms 10ms loss 5%%",
            "  tunstack hosts --control 9180 set 172.21.22.40/29 slow",
            "  tunstack hosts --control 9180 remove 172.21.22.30"
        })
final class HostsCommand {

    /** How long a request may take: the control API answers from memory. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Option(names = "--control", paramLabel = "[ADDR:]PORT", converter = ListenAddress.class, required = true,
            defaultValue = "${env:TUNSTACK_CONTROL}",
            description = "The control API of the running tunstack, as its --control gave it. Default: the"
                    + " environment variable TUNSTACK_CONTROL.")
    InetSocketAddress control;

    @Option(names = "--control-token-file", paramLabel = "FILE",
            description = "Send the token in FILE's first line (Authorization: Bearer). Default: the environment"
                    + " variable TUNSTACK_CONTROL_TOKEN, if set.")
    Path tokenFile;

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Print the hosts with a profile, one line each: RANGE, PROFILE, WORDS and ORIGIN separated"
                    + " by tabs; with --profiles, the profiles with what each did.")
    static final class List implements Callable<Integer> {
        @ParentCommand
        HostsCommand hosts;

        @Option(names = "--profiles", description = "List the profiles and their counts instead of the hosts.")
        boolean profiles;

        @Option(names = "--json", description = "JSON instead of tab-separated lines.")
        boolean json;

        @Override
        public Integer call() {
            return hosts.send("GET", (profiles ? "/profiles" : "/hosts") + (json ? "?format=json" : ""), null);
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Give ADDRS (the --answer syntax) the profile WORDS (profile words, or a named profile of the"
                    + " config file); no words make them perfect hosts.")
    static final class Set implements Callable<Integer> {
        @ParentCommand
        HostsCommand hosts;

        @Parameters(index = "0", paramLabel = "ADDRS")
        String addresses;

        @Parameters(index = "1..*", paramLabel = "WORDS")
        java.util.List<String> words = java.util.List.of();

        @Override
        public Integer call() {
            return hosts.send("PUT", "/hosts/" + path(addresses), String.join(" ", words));
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Take the profile of exactly these ranges away (a wider range's profile applies again).")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        HostsCommand hosts;

        @Parameters(index = "0", paramLabel = "ADDRS")
        String addresses;

        @Override
        public Integer call() {
            return hosts.send("DELETE", "/hosts/" + path(addresses), null);
        }
    }

    /** An address list as a URI path: {@code /} and {@code :} stay, as the server reads the path whole. */
    static String path(String addresses) {
        return URLEncoder.encode(addresses.trim(), StandardCharsets.UTF_8).replace("%2F", "/").replace("%3A", ":")
                .replace("%2C", ",");
    }

    /** Sends one request and prints the answer: the body on stdout, or one line on stderr for an error. */
    int send(String method, String pathAndQuery, String body) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String host = control.getAddress().getHostAddress();
        URI uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + control.getPort()
                + pathAndQuery);
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            String token = token();
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            HttpResponse<String> response = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() / 100 != 2) {
                err.println("tunstack hosts: " + method + " " + uri.getPath() + ": " + response.statusCode() + " "
                        + response.body().strip());
                err.flush();
                return ExitCode.SOFTWARE;
            }
            out.print(response.body());
            out.flush();
            return ExitCode.OK;
        } catch (ConnectException e) {
            err.println("tunstack hosts: nothing answers on " + uri.getAuthority() + ": is tunstack running with"
                    + " --control " + uri.getAuthority() + " (and in this network namespace)?");
        } catch (IOException e) {
            err.println("tunstack hosts: " + uri + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("tunstack hosts: interrupted");
        }
        err.flush();
        return ExitCode.SOFTWARE;
    }

    private String token() throws IOException {
        if (tokenFile != null) {
            java.util.List<String> lines = Files.readAllLines(tokenFile, StandardCharsets.UTF_8);
            return lines.isEmpty() ? null : lines.get(0).trim();
        }
        String fromEnvironment = System.getenv("TUNSTACK_CONTROL_TOKEN");
        return fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment.trim();
    }
}
