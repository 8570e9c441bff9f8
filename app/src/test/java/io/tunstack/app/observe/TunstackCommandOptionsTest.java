package io.tunstack.app.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.app.TunstackCommand;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The tunstack command carries the observing options (the {@code @Mixin}), and its help describes them. */
class TunstackCommandOptionsTest {

    @Test
    void helpListsEveryObservingOption() {
        String usage = new CommandLine(new TunstackCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF);
        for (String option : new String[] {"--trace", "--explain[=N]", "--pcap=FILE", "-q, --quiet",
                "--metrics=[ADDR:]PORT"}) {
            assertTrue(usage.contains(option), () -> option + " missing from:\n" + usage);
        }
        assertTrue(usage.contains("(default: 3)"), usage);
    }

    @Test
    void parsesTheObservingOptionsTogether() {
        CommandLine.ParseResult parsed = new CommandLine(new TunstackCommand())
                .parseArgs("--trace", "--explain", "--pcap", "/tmp/x.pcapng", "--metrics", "9464", "--quiet");
        assertEquals(3, (int) parsed.matchedOptionValue("--explain", 0));
        assertEquals(9464, parsed.<InetSocketAddress>matchedOptionValue("--metrics", null).getPort());
        assertEquals(Path.of("/tmp/x.pcapng"), parsed.matchedOptionValue("--pcap", null));
        assertTrue(parsed.hasMatchedOption("--trace") && parsed.hasMatchedOption("--quiet"));
    }
}
