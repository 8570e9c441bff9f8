package io.tunstack.it.hostlike;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.NetworkNamespace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs nmap inside a namespace and reads the state of each port from its report ({@code 22/tcp open ssh}). */
final class Nmap {

    private static final Pattern PORT = Pattern.compile("(?m)^(\\d+/(?:tcp|udp))\\s+(\\S+)");

    private Nmap() {
    }

    /**
     * {@code nmap -n -Pn SCAN -p PORTS ADDRESS} for {@code family}: no name lookups, no host discovery (the host is
     * known to be up; discovery would only add probes), at most one retransmission.
     *
     * @return port ("22/tcp") to state ("open", "closed", "open|filtered"), in report order
     */
    static Map<String, String> scan(NetworkNamespace namespace, Family family, String scan, String ports) {
        List<String> command = new ArrayList<>(List.of("nmap", family.flag, "-n", "-Pn", scan, "-p", ports,
            "--max-retries", "1", family.answered));
        CommandResult result = namespace.run(Duration.ofSeconds(120), command.toArray(String[]::new));
        assertTrue(result.succeeded(), result.describe());
        Map<String, String> states = new LinkedHashMap<>();
        Matcher matcher = PORT.matcher(result.output());
        while (matcher.find()) {
            states.put(matcher.group(1), matcher.group(2));
        }
        assertTrue(!states.isEmpty(), () -> "no port states in: " + result.describe());
        return states;
    }
}
