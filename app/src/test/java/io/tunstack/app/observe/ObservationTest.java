package io.tunstack.app.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.tunstack.app.PacketObserver;
import io.tunstack.device.LinkType;
import io.tunstack.stack.CapturedPackets;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.CapturedFrames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Drives the observers as a worker does, with the captured exchange, and checks what they print and capture. */
@ExtendWith(LeakDetection.class)
class ObservationTest {

    private static final byte[] REQUEST = CapturedPackets.ECHO_REQUEST_LOOPBACK;
    /** The kernel's answer to REQUEST. */
    private static final byte[] REPLY = CapturedPackets.ECHO_REPLY_LOOPBACK;
    /** REQUEST with its ICMP checksum broken (0x80e0 -> 0x80e1). */
    private static final byte[] BAD_CHECKSUM = withByte(REQUEST, 23, 0xe1);
    /** REQUEST as a first fragment (MF set instead of DF): held, no answer. */
    private static final byte[] FRAGMENT = withByte(REQUEST, 6, 0x20);

    private static final Verdict ECHO_REPLY = Verdict.answered(Answer.ICMPV4_ECHO_REPLY);

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T06:12:01.123456Z"), ZoneOffset.UTC);

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @Test
    void traceLinesMatchGoldenFile() throws IOException {
        try (Observation observation = start("--quiet", "--trace")) {
            runWorker(observation.newPacketObserver());
        }
        assertEquals(golden("exchange.trace.txt"), stdout.toString(StandardCharsets.UTF_8));
    }

    @Test
    void explainDumpsTheFirstPacketAndItsReplyOnly() throws IOException {
        try (Observation observation = start("--quiet", "--explain=1")) {
            runWorker(observation.newPacketObserver());
        }
        String out = stdout.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("=".repeat(100) + "\nPacket read (84 bytes), verdict: answered: icmpv4-echo-reply\n"),
                out);
        assertTrue(out.contains("Packet written in answer (84 bytes)\n"), out);
        assertTrue(out.contains("What the reply changed, and why\n"), out);
        assertEquals(2, out.split("IPv4 header, 20 bytes").length - 1, "one request and one reply explained");
    }

    @Test
    void pcapHoldsEveryPacketInBothDirectionsWithDropReasons(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("capture.pcapng");
        try (Observation observation = start("--quiet", "--pcap", file.toString())) {
            runWorker(observation.newPacketObserver());
        }
        byte[] capture = Files.readAllBytes(file);
        // Section header, interface description, then one packet block per packet: 4 read, 2 written.
        assertEquals(2 + 6, countBlocks(capture));
        String text = new String(capture, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("tunstack: dropped: icmp-bad-checksum (ICMP checksum does not verify)"));
    }

    @Test
    void theVerdictComesFromTheStackAndPrecedesWhatWasWrittenInAnswer() throws IOException {
        try (Observation observation = start("--quiet", "--trace")) {
            PacketObserver observer = observation.newPacketObserver();
            // A drop that still sends an ICMP error: the read line carries the drop, the error follows it.
            deliver(observer, BAD_CHECKSUM, REPLY, Verdict.dropped(DropReason.IPV4_BAD_OPTION));
            // What the stack sends from its timers belongs to no packet read.
            ByteBuf fromTimer = CapturedPackets.copy(REPLY);
            try {
                observer.transmitted(fromTimer);
            } finally {
                fromTimer.release();
            }
        }
        String[] lines = stdout.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length, String.join("\n", lines));
        assertTrue(lines[0].contains(" In  ") && lines[0].endsWith(" [dropped: ipv4-bad-option]"), lines[0]);
        assertTrue(lines[1].contains(" Out ") && !lines[1].endsWith(" [later]"), lines[1]);
        assertTrue(lines[2].contains(" Out ") && lines[2].endsWith(" [later]"), lines[2]);
    }

    @Test
    void theTraceSaysWhatAHostProfileDidAfterTheVerdict() throws IOException {
        try (Observation observation = start("--quiet", "--trace")) {
            PacketObserver observer = observation.newPacketObserver();
            ByteBuf read = CapturedPackets.copy(REQUEST);
            try {
                observer.received(read);
                observer.profileEffect("profile slow (delay 50ms): held 50.0 ms");
                observer.verdict(ECHO_REPLY);
            } finally {
                read.release();
            }
        }
        String line = stdout.toString(StandardCharsets.UTF_8).strip();
        assertTrue(line.contains(" In  ")
                && line.endsWith(" [answered: icmpv4-echo-reply] profile slow (delay 50ms): held 50.0 ms"), line);
    }

    /** On a TAP device the trace reads frames: the Ethernet header as tcpdump -e shows it, then ARP. */
    @Test
    void onATapDeviceTheTraceShowsEthernetAndArp() throws IOException {
        try (Observation observation = openOn(LinkType.ETHERNET, stdout, stderr, "--quiet", "--trace")) {
            deliver(observation.newPacketObserver(), CapturedFrames.ARP_REQUEST, CapturedFrames.ARP_REPLY,
                    Verdict.answered(Answer.ARP_REPLY));
        }
        String[] lines = stdout.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, String.join("\n", lines));
        assertEquals("06:12:01.123456 In  5e:2b:80:15:34:6f > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42:"
                + " ARP, Request who-has 172.21.22.26 tell 172.21.22.23, length 28 [answered: arp-reply]", lines[0]);
        assertEquals("06:12:01.123456 Out 02:54:ac:15:16:1a > 5e:2b:80:15:34:6f, ethertype ARP (0x0806), length 42:"
                + " ARP, Reply 172.21.22.26 is-at 02:54:ac:15:16:1a, length 28", lines[1]);
    }

    @Test
    void onATapDeviceExplainBeginsWithTheEthernetHeader() throws IOException {
        try (Observation observation = openOn(LinkType.ETHERNET, stdout, stderr, "--quiet", "--explain=1")) {
            deliver(observation.newPacketObserver(), CapturedFrames.ECHO_REQUEST, CapturedFrames.ECHO_REPLY,
                    ECHO_REPLY);
        }
        String out = stdout.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("Packet read (98 bytes), verdict: answered: icmpv4-echo-reply\n" + "=".repeat(100)
                + "\nEthernet header, 14 bytes"), out);
        assertEquals(2, out.split("IPv4 header, 20 bytes").length - 1, "the IP packets of both frames: " + out);
        assertTrue(out.contains("the answer goes to the station that asked"), out);
    }

    @Test
    void onATapDeviceTheCaptureIsEthernet(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("capture.pcapng");
        try (Observation observation = openOn(LinkType.ETHERNET, stdout, stderr, "--quiet", "--pcap",
                file.toString())) {
            deliver(observation.newPacketObserver(), CapturedFrames.ARP_REQUEST, CapturedFrames.ARP_REPLY,
                    Verdict.answered(Answer.ARP_REPLY));
        }
        java.nio.ByteBuffer capture = java.nio.ByteBuffer.wrap(Files.readAllBytes(file))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int interfaceBlock = capture.getInt(4); // the section header block's total length
        assertEquals(PcapNgWriter.INTERFACE_DESCRIPTION_BLOCK, capture.getInt(interfaceBlock));
        assertEquals(1, capture.getShort(interfaceBlock + 8), "LINKTYPE_ETHERNET");
    }

    @Test
    void aCaptureFileThatCannotBeCreatedIsOneLineNamingIt(@TempDir Path dir) {
        Path file = dir.resolve("missing").resolve("capture.pcapng");
        IOException e = assertThrows(IOException.class,
                () -> start("--quiet", "--pcap", file.toString()));
        assertEquals("cannot create capture file " + file + ": no such directory", e.getMessage());
    }

    @Test
    void noPacketOptionMeansNoObserver() throws IOException {
        try (Observation observation = start("--quiet")) {
            assertNull(observation.newPacketObserver(), "the worker holds null and pays one null check");
            assertNull(observation.metrics());
        }
    }

    @Test
    void eachWorkerGetsItsOwnObserver() throws IOException {
        try (Observation observation = start("--quiet", "--trace")) {
            PacketObserver first = observation.newPacketObserver();
            PacketObserver second = observation.newPacketObserver();
            assertNotNull(first);
            assertTrue(first != second);
        }
    }

    @Test
    void explainWithoutANumberExplainsThreePackets() {
        ObserveOptions options = parse("--explain");
        assertEquals(ObserveOptions.DEFAULT_EXPLAIN_COUNT, options.explainCount());
        assertEquals(7, parse("--explain=7").explainCount());
        assertEquals(0, parse().explainCount());
    }

    @Test
    void rejectsANegativeExplainCountAndABadMetricsAddress() {
        CommandLine command = new CommandLine(new Command());
        command.setErr(new java.io.PrintWriter(stderr, true, StandardCharsets.UTF_8));
        assertEquals(2, command.execute("--explain=-1"));
        assertEquals(2, command.execute("--metrics", "127.0.0.1:http"));
        String errors = stderr.toString(StandardCharsets.UTF_8);
        assertTrue(errors.contains("--explain: -1 is negative"), errors);
        assertTrue(errors.contains("bad port 'http' in '127.0.0.1:http'"), errors);
    }

    /** A worker's calls: an answered request, a dropped one, a fragment held without an answer. */
    private static void runWorker(PacketObserver observer) {
        deliver(observer, REQUEST, REPLY, ECHO_REPLY);
        deliver(observer, BAD_CHECKSUM, null, Verdict.dropped(DropReason.ICMP_BAD_CHECKSUM));
        deliver(observer, FRAGMENT, null, Verdict.HELD);
        deliver(observer, REQUEST, REPLY, ECHO_REPLY);
    }

    private static void deliver(PacketObserver observer, byte[] readBytes, byte[] writtenBytes, Verdict verdict) {
        ByteBuf read = CapturedPackets.copy(readBytes);
        try {
            observer.received(read);
            if (writtenBytes != null) {
                ByteBuf written = CapturedPackets.copy(writtenBytes);
                try {
                    observer.transmitted(written);
                    assertEquals(0, written.readerIndex(), "the observer must not move indices");
                } finally {
                    written.release();
                }
                assertEquals(0, written.refCnt());
            }
            observer.verdict(verdict);
            assertEquals(0, read.readerIndex(), "the observer must not move indices");
        } finally {
            read.release();
            assertEquals(0, read.refCnt());
        }
    }

    static byte[] withByte(byte[] packet, int index, int value) {
        byte[] changed = packet.clone();
        changed[index] = (byte) value;
        return changed;
    }

    private Observation start(String... args) throws IOException {
        return open(stdout, stderr, args);
    }

    /** The observing options {@code args} opened as the app opens them, printing to the given streams, at CLOCK. */
    static Observation open(ByteArrayOutputStream stdout, ByteArrayOutputStream stderr, String... args)
            throws IOException {
        return openOn(LinkType.RAW_IP, stdout, stderr, args);
    }

    /** As {@link #open}, for a device whose packets begin as {@code linkType} says. */
    static Observation openOn(LinkType linkType, ByteArrayOutputStream stdout, ByteArrayOutputStream stderr,
            String... args) throws IOException {
        return parse(args).open(linkType == LinkType.ETHERNET ? "tap0" : "tun0", linkType,
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), CLOCK, Duration.ofHours(1));
    }

    private static ObserveOptions parse(String... args) {
        Command command = new Command();
        new CommandLine(command).parseArgs(args);
        return command.observe;
    }

    /** The pcapng blocks in {@code capture}: section header, interface description, one per packet. */
    static int countBlocks(byte[] capture) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(capture).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int blocks = 0;
        while (in.hasRemaining()) {
            in.position(in.position() + in.getInt(in.position() + 4));
            blocks++;
        }
        return blocks;
    }

    /** How often {@code part} occurs in {@code text}. */
    static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    /** A golden file of this package's test resources. */
    static String golden(String name) throws IOException {
        try (InputStream in = ObservationTest.class.getResourceAsStream(name)) {
            assertNotNull(in, "golden file missing: " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @CommandLine.Command(name = "test")
    static final class Command implements Runnable {
        @CommandLine.Mixin
        ObserveOptions observe;

        @Override
        public void run() {
        }
    }
}
