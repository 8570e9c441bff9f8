package io.tunstack.it.packaging;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.Prerequisites;
import io.tunstack.it.support.Processes;
import io.tunstack.it.support.TunstackProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The manual pages the build generates ({@code app/target/man/*.1}) render with {@code man}, one per command and
 * subcommand, with their sections and options, and without AsciiDoc markup left in the text (a parameter label with
 * brackets garbles picocli's synopsis unless the build rewrites it).
 */
class ManPageIT {

    private static Path pages;

    @BeforeAll
    static void findThePages() {
        Prerequisites.requireCommands("man");
        pages = TunstackProcess.jar().getParent().resolve("man");
    }

    private static String render(Path page) {
        CommandResult result = Processes.run(Duration.ofSeconds(60), "env", "MANWIDTH=200", "man", "-l",
                page.toString());
        assertEquals(0, result.exitCode(), result.describe());
        return result.output();
    }

    @Test
    void everyCommandHasAPage() throws IOException {
        List<String> names;
        try (Stream<Path> files = Files.list(pages)) {
            names = files.map(file -> file.getFileName().toString()).sorted().toList();
        }
        assertEquals(List.of("tunstack-doctor.1", "tunstack-hosts-list.1", "tunstack-hosts-remove.1",
                "tunstack-hosts-set.1", "tunstack-hosts.1", "tunstack-setup.1", "tunstack-teardown.1", "tunstack.1"),
                names);
    }

    @Test
    void theMainPageRendersItsSectionsAndOptionsAsText() {
        String text = render(pages.resolve("tunstack.1"));

        assertAll(
                () -> assertTrue(text.startsWith("TUNSTACK(1)"), text),
                () -> {
                    for (String section : new String[] {"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS"}) {
                        assertTrue(text.contains("\n" + section + "\n"), section);
                    }
                },
                () -> {
                    for (String option : new String[] {"--answer=ADDR|RANGE|CIDR[,...]", "--control=[ADDR:]PORT",
                        "--host='ADDRS WORDS...'", "--count=N", "--duration=TIME", "--ready-file=PATH", "--pcap=FILE",
                        "--open=PORT/PROTO[,...]", "--icmp-error-rate=RATE[/BURST]"}) {
                        assertTrue(text.contains("[" + option + "]"), "synopsis: " + option);
                    }
                },
                () -> assertFalse(text.contains("*--"), "bold markup left in the text"),
                () -> assertFalse(text.contains("{startsb}") || text.contains("{endsb}"), "attributes left"),
                () -> assertFalse(text.contains("_[") || text.contains("+["), "italics or passthrough markup left"));
    }

    @Test
    void aSubcommandPageNamesItsCommand() {
        String text = render(pages.resolve("tunstack-hosts-set.1"));

        assertTrue(text.contains("tunstack hosts set [-hV] ADDRS [WORDS...]"), text);
    }
}
