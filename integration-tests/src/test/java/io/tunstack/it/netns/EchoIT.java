package io.tunstack.it.netns;

import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * tunstack with its defaults answers ping for 172.21.22.26 and {@code ping -6} for fd00:172:21:22::26: every reply,
 * every size, byte for byte, under a flood. iputils ping checks that each reply carries the request's identifier,
 * sequence and data ("wrong data byte" otherwise).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EchoIT {

    /** One family: the address pinged, and the payload sizes around its MTU and its largest datagram. */
    enum Family {
        /**
         * 0 (no timestamp), 1, the default 56, 1400, and 1472: 1472 + 8 + 20 = 1500, the MTU. Then fragmented both
         * ways: 1473 (two fragments), 4000, and 65507, the largest ICMP payload of an IPv4 datagram (65535 - 20 - 8).
         */
        IPV4("172.21.22.26", 0, 1, 56, 1400, 1472, 1473, 4000, 65507),
        /**
         * 0, 1, 56, and 1452: 1452 + 8 (ICMPv6) + 40 (IPv6) = 1500, the MTU. Then fragmented both ways (RFC 8200 4.5,
         * a Fragment header in each piece): 1453 (two fragments), 4000, and 65000, close to the largest payload of a
         * packet without a jumbogram (65535 - 8).
         */
        IPV6("fd00:172:21:22::26", 0, 1, 56, 1452, 1453, 4000, 65000);

        final String answered;
        final int[] sizes;

        Family(String answered, int... sizes) {
            this.answered = answered;
            this.sizes = sizes;
        }

        /** {@code ping -4} or {@code ping -6} with {@code args}, then the answered address. */
        PingResult ping(NamespaceFixture fixture, String... args) {
            String[] all = Stream.concat(Stream.of(args), Stream.of(answered)).toArray(String[]::new);
            return this == IPV4 ? Ping.ipv4(fixture.namespace(), all) : Ping.ipv6(fixture.namespace(), all);
        }
    }

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("echo").withTunstack();

    @ParameterizedTest
    @EnumSource(Family.class)
    void fourPingsGetFourReplies(Family family) {
        family.ping(fixture, "-c", "4", "-W", "2").assertAllAnsweredIntact(4);
    }

    static Stream<Arguments> payloadSizes() {
        return Stream.of(Family.values())
                .flatMap(family -> IntStream.of(family.sizes).mapToObj(size -> Arguments.of(family, size)));
    }

    @ParameterizedTest(name = "{0} ping -s {1}")
    @MethodSource("payloadSizes")
    void everyPayloadSizeIsAnswered(Family family, int size) {
        family.ping(fixture, "-c", "2", "-i", "0.2", "-W", "2", "-s", Integer.toString(size))
                .assertAllAnsweredIntact(2);
    }

    /**
     * Without {@code -w}: with a deadline, ping keeps sending until it has {@code -c} replies and counts the up to 64
     * requests still in flight as lost (20063 transmitted, 20000 received). Without it, ping sends exactly 20000 and
     * waits for the last replies; {@link Ping} bounds the run instead.
     */
    @ParameterizedTest
    @EnumSource(Family.class)
    void aFloodOf20000PingsLosesNone(Family family) {
        family.ping(fixture, "-f", "-l", "64", "-c", "20000").assertAllAnsweredIntact(20_000);
    }
}
