package io.tunstack.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.Verdict;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the whole stack over random and mutated packets, judged by an oracle written here from the RFCs
 * (byte arrays and its own checksum loop, sharing no code with the stack):
 * nothing throws; no invalid input is answered; every reply has valid checksums; a reply's data equals the request's;
 * no buffer leaks. Conversely, a request the oracle finds valid is answered when it carries no options (options are
 * judged by the stack's option rules, which the oracle does not repeat).
 */
class NetworkStackPropertiesTest {

    private static final int KERNEL = Ipv4Address.parse("172.21.22.23");
    private static final int SUBNET = Ipv4Address.parse("172.21.22.0");
    private static final int BROADCAST = Ipv4Address.parse("172.21.22.255");

    private final StackConfig config = StackConfig.builder().address(InterfaceAddress.ipv4(KERNEL, 24)).build();

    /** A byte to change: at {@code index} (modulo the length), XOR {@code mask} (never 0). */
    record Flip(int index, int mask) {
    }

    /** A valid request, then flips, then optionally a truncation and a repair of both checksums. */
    record Case(byte[] request, List<Flip> flips, int truncateTo, boolean repairChecksums) {
        @Override
        public String toString() {
            return "Case[" + java.util.HexFormat.of().formatHex(request) + ", flips " + flips + ", truncate "
                    + truncateTo + ", repair " + repairChecksums + "]";
        }
    }

    @Property(tries = 1500)
    void mutatedRequestsAreAnsweredOnlyWhenValidAndThenCorrectly(@ForAll("cases") Case testCase) {
        byte[] bytes = mutate(testCase);
        boolean unmutated = testCase.flips().isEmpty() && testCase.truncateTo() < 0;
        byte[] reply = receive(bytes);
        String verdict = Oracle.verdict(bytes);
        Statistics.label("oracle").collect(verdict);
        Statistics.label("answered").collect(reply != null);
        if (reply != null) {
            assertEquals(Oracle.VALID, verdict, "answered an invalid request");
            Oracle.assertCorrectReply(bytes, reply);
        } else if (Oracle.VALID.equals(verdict) && (unmutated || (bytes[0] & 0x0F) == 5)) {
            // Without options the oracle knows every rule, so it must agree both ways.
            throw new AssertionError("a valid request to an answered address got no reply");
        }
    }

    @Property(tries = 1500)
    void randomBytesNeverThrowAndAreAnsweredOnlyWhenValid(@ForAll("randomPackets") byte[] bytes) {
        byte[] reply = receive(bytes);
        if (reply != null) {
            assertEquals(Oracle.VALID, Oracle.verdict(bytes), "answered an invalid packet");
            Oracle.assertCorrectReply(bytes, reply);
        }
    }

    @AfterProperty
    void noLeaks() {
        LeakDetection.assertNoLeaks();
    }

    /**
     * Runs one packet through a fresh stack; returns the single reply, or null when it was dropped or held for
     * reassembly. Checks counts and ownership, and that a drop sends nothing but the ICMP error its reason calls
     * for.
     */
    private byte[] receive(byte[] bytes) {
        StackCounters counters = new StackCounters();
        NetworkStack stack = new NetworkStack(config, counters, TestEnvironment.fixed(0x7777));
        RecordingTransmitter tx = new RecordingTransmitter();
        ByteBuf packet = CapturedPackets.copy(bytes);
        Verdict verdict;
        try {
            verdict = stack.receive(packet, tx);
        } finally {
            assertTrue(packet.release());
            stack.close();
        }
        assertEquals(0, packet.refCnt());
        assertEquals(1, counters.received());
        if (verdict.isDropped()) {
            assertEquals(1, counters.dropped(verdict.reason()));
            for (byte[] error : tx.packets()) {
                Oracle.assertValidError(bytes, error, verdict.reason());
            }
            return null;
        }
        assertEquals(0, counters.droppedTotal());
        if (verdict.isHeld()) {
            assertEquals(0, tx.packets().size(), "a held fragment is not answered");
            assertEquals("fragment", Oracle.verdict(bytes), "only a fragment is accepted without a reply");
            return null;
        }
        assertEquals(1, counters.answered(verdict.answer()));
        return tx.single();
    }

    private static byte[] mutate(Case testCase) {
        byte[] bytes = testCase.request().clone();
        for (Flip flip : testCase.flips()) {
            bytes[flip.index() % bytes.length] ^= (byte) flip.mask();
        }
        if (testCase.truncateTo() >= 0) {
            bytes = Arrays.copyOf(bytes, Math.min(bytes.length, testCase.truncateTo()));
        }
        if (testCase.repairChecksums()) {
            Oracle.repairChecksums(bytes);
        }
        return bytes;
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Integer> sources = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(1, 254).map(host -> SUBNET + host)),
                Tuple.of(2, Arbitraries.integers()),
                Tuple.of(1, Arbitraries.of(0, -1, BROADCAST, Ipv4Address.parse("224.0.0.1"),
                        Ipv4Address.parse("127.0.0.1"), Ipv4Address.parse("240.1.2.3"))));
        Arbitrary<Integer> destinations = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(0, 255).map(host -> SUBNET + host)),
                Tuple.of(1, Arbitraries.integers()));
        Arbitrary<byte[]> data = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.bytes().array(byte[].class).ofMaxSize(120)),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofSize(1472)),
                Tuple.of(1, Arbitraries.just(new byte[0])));
        Arbitrary<Integer> words = Arbitraries.integers().between(0, 0xFFFF);
        Arbitrary<byte[]> requests = Combinators.combine(sources, destinations, words, words, data)
                .as((source, destination, id, seq, payload) ->
                        CraftedPackets.echoRequest(source, destination, id, seq, payload));
        Arbitrary<Flip> flips = Combinators.combine(
                        Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.integers().between(0, 27)),
                                Tuple.of(1, Arbitraries.integers().between(0, 2000))),
                        Arbitraries.integers().between(1, 255))
                .as(Flip::new);
        Arbitrary<Integer> truncation = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(-1)), Tuple.of(1, Arbitraries.integers().between(0, 60)));
        return Combinators.combine(requests, flips.list().ofMaxSize(3), truncation, Arbitraries.of(true, false))
                .as(Case::new);
    }

    @Provide
    Arbitrary<byte[]> randomPackets() {
        Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(100);
        return any.map(bytes -> {
            if (bytes.length > 0 && (bytes[0] & 1) == 0) {
                bytes[0] = 0x45;
            }
            return bytes;
        });
    }

    /** The reference: what a correct host answers, from RFC 791, 792 and 1122, on byte arrays. */
    static final class Oracle {
        static final String VALID = "valid";

        static String verdict(byte[] p) {
            if (p.length < 20) {
                return "short";
            }
            if ((p[0] & 0xFF) >>> 4 != 4) {
                return "version";
            }
            int headerLength = (p[0] & 0x0F) * 4;
            if (headerLength < 20 || headerLength > p.length) {
                return "ihl";
            }
            int totalLength = u16(p, 2);
            if (totalLength < headerLength || totalLength > p.length) {
                return "total-length";
            }
            if (sum(p, 0, headerLength) != 0xFFFF) {
                return "header-checksum";
            }
            int source = u32(p, 12);
            int destination = u32(p, 16);
            int sourceTop = source >>> 24;
            if (sourceTop == 0 || sourceTop == 127 || sourceTop >= 224 || source == BROADCAST) {
                return "source";
            }
            boolean answered = (destination & 0xFFFFFF00) == SUBNET && destination != SUBNET
                    && destination != BROADCAST && destination != KERNEL;
            // A host reassembles datagrams to a broadcast address too (Linux delivers them locally); their echo
            // requests are then ignored (icmp_echo_ignore_broadcasts=1).
            boolean broadcast = destination == BROADCAST || destination == -1;
            if (!answered && !broadcast) {
                return "destination";
            }
            if ((u16(p, 6) & 0x3FFF) != 0) {
                return "fragment";
            }
            if (broadcast) {
                return "broadcast";
            }
            if ((p[9] & 0xFF) != 1) {
                return "protocol";
            }
            int icmpLength = totalLength - headerLength;
            if (icmpLength < 8) {
                return "icmp-short";
            }
            if (sum(p, headerLength, icmpLength) != 0xFFFF) {
                return "icmp-checksum";
            }
            int type = p[headerLength] & 0xFF;
            int code = p[headerLength + 1] & 0xFF;
            if (type == 8 && code == 0) {
                return VALID;
            }
            if (type == 13 && icmpLength >= 20) {
                return VALID;
            }
            return "icmp-type";
        }

        static void assertCorrectReply(byte[] request, byte[] reply) {
            int requestHeader = (request[0] & 0x0F) * 4;
            int requestTotal = u16(request, 2);
            assertTrue(reply.length >= 28, "reply length " + reply.length);
            int replyHeader = (reply[0] & 0x0F) * 4;
            assertEquals(reply.length, u16(reply, 2), "total length is what was sent");
            assertEquals(0xFFFF, sum(reply, 0, replyHeader), "reply header checksum");
            assertEquals(0xFFFF, sum(reply, replyHeader, reply.length - replyHeader), "reply ICMP checksum");
            assertEquals(u32(request, 16), u32(reply, 12), "source is the request's destination");
            assertEquals(u32(request, 12), u32(reply, 16), "destination is the request's source");
            assertEquals(64, reply[8] & 0xFF, "TTL");
            assertEquals(0, u16(reply, 6), "no DF, not a fragment");
            int requestType = request[requestHeader] & 0xFF;
            int replyType = reply[replyHeader] & 0xFF;
            assertEquals(u32(request, requestHeader + 4), u32(reply, replyHeader + 4), "identifier and sequence");
            if (requestType == 8) {
                assertEquals(0, replyType);
                assertEquals(0, reply[replyHeader + 1]);
                assertArrayEquals(Arrays.copyOfRange(request, requestHeader + 8, requestTotal),
                        Arrays.copyOfRange(reply, replyHeader + 8, reply.length), "data byte for byte");
            } else {
                assertEquals(14, replyType);
                assertEquals(replyHeader + 20, reply.length);
                assertEquals(u32(request, requestHeader + 8), u32(reply, replyHeader + 8), "originate timestamp");
            }
        }

        /**
         * An ICMP error about {@code request}, of the kind {@code reason} calls for (RFC 792: a Parameter Problem for
         * a malformed option, Protocol Unreachable for another protocol), with valid checksums, back to the
         * request's source, quoting the request's header.
         */
        static void assertValidError(byte[] request, byte[] error, DropReason reason) {
            int header = (error[0] & 0x0F) * 4;
            assertEquals(0xFFFF, sum(error, 0, header), "error header checksum");
            assertEquals(0xFFFF, sum(error, header, error.length - header), "error ICMP checksum");
            int typeAndCode = u16(error, header);
            if (reason == DropReason.IPV4_BAD_OPTION) {
                assertEquals(12 << 8, typeAndCode, "parameter problem, code 0");
            } else {
                assertEquals(DropReason.IPV4_UNSUPPORTED_PROTOCOL, reason, "no other drop sends an error");
                assertEquals(3 << 8 | 2, typeAndCode, "destination unreachable, protocol unreachable");
            }
            assertEquals(u32(request, 16), u32(error, 12), "from the address the request was sent to");
            assertEquals(u32(request, 12), u32(error, 16), "back to the request's source");
            assertEquals(u32(request, 0), u32(error, header + 8), "quotes the request's header");
        }

        /** Recomputes the header checksum (when the IHL fits) and the ICMP checksum (when Total Length fits). */
        static void repairChecksums(byte[] p) {
            if (p.length < 20) {
                return;
            }
            int headerLength = (p[0] & 0x0F) * 4;
            if (headerLength < 20 || headerLength > p.length) {
                return;
            }
            put16(p, 10, 0);
            put16(p, 10, ~sum(p, 0, headerLength) & 0xFFFF);
            int totalLength = u16(p, 2);
            if (totalLength >= headerLength + 8 && totalLength <= p.length) {
                put16(p, headerLength + 2, 0);
                put16(p, headerLength + 2, ~sum(p, headerLength, totalLength - headerLength) & 0xFFFF);
            }
        }

        /** One's-complement sum of 16-bit words, carries folded, odd byte padded: RFC 1071. */
        static int sum(byte[] p, int from, int length) {
            long sum = 0;
            for (int i = 0; i < length; i += 2) {
                int high = p[from + i] & 0xFF;
                int low = i + 1 < length ? p[from + i + 1] & 0xFF : 0;
                sum += high << 8 | low;
            }
            while (sum >> 16 != 0) {
                sum = (sum & 0xFFFF) + (sum >> 16);
            }
            return (int) sum;
        }

        static int u16(byte[] p, int i) {
            return (p[i] & 0xFF) << 8 | p[i + 1] & 0xFF;
        }

        static int u32(byte[] p, int i) {
            return u16(p, i) << 16 | u16(p, i + 2);
        }

        static void put16(byte[] p, int i, int value) {
            p[i] = (byte) (value >>> 8);
            p[i + 1] = (byte) value;
        }
    }
}
