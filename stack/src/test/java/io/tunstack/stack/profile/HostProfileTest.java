package io.tunstack.stack.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@link HostProfile#parse} and {@link HostProfile#toString}: each word, the round trip, one broken value per word. */
class HostProfileTest {

    @Test
    void noWordIsAPerfectHost() {
        assertEquals(HostProfile.PERFECT, HostProfile.parse("  "));
        assertEquals("", HostProfile.PERFECT.toString());
        assertFalse(HostProfile.PERFECT.delays());
        assertFalse(HostProfile.PERFECT.flaps());
    }

    @Test
    void everyWordIsRead() {
        HostProfile profile = HostProfile.parse("delay 50ms 10ms 25% distribution normal loss 5% 50% duplicate 1%"
                + " flap 30s 10s ttl 128 hops 3 rate 10/s broadcast mac 02:11:22:33:44:55");
        assertEquals(TimeUnit.MILLISECONDS.toNanos(50), profile.delayNanos());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(10), profile.jitterNanos());
        assertEquals(0.25, profile.delayCorrelation());
        assertSame(DelayDistribution.NORMAL, profile.distribution());
        assertEquals(0.05, profile.loss());
        assertEquals(0.5, profile.lossCorrelation());
        assertEquals(0.01, profile.duplicate());
        assertEquals(TimeUnit.SECONDS.toNanos(30), profile.flapUpNanos());
        assertEquals(TimeUnit.SECONDS.toNanos(10), profile.flapDownNanos());
        assertEquals(128, profile.ttl());
        assertEquals(3, profile.hops());
        assertEquals(10, profile.ratePerSecond());
        assertTrue(profile.broadcast());
        assertEquals(0x021122334455L, profile.mac().bits());
        assertTrue(profile.delays());
        assertTrue(profile.flaps());
    }

    @ParameterizedTest
    @ValueSource(strings = {"delay 50ms", "delay 50ms 10ms", "delay 50ms 10ms 25%", "delay 1s 250us",
        "delay 100ms 20ms distribution pareto", "delay 100ms 20ms distribution paretonormal",
        "distribution normal", "loss 5%", "loss 30% 25%", "duplicate 50%", "down", "unreachable", "flap 30s 10s",
        "flap 1m 500ms", "ttl 255", "hops 30", "rate 1/s", "broadcast", "mac 02:11:22:33:44:55",
        "delay 10ms loss 1% duplicate 2% down ttl 64 hops 1 rate 100/s broadcast"})
    void writtenWordsReadBackToTheSameProfile(String words) {
        HostProfile profile = HostProfile.parse(words);
        assertEquals(profile, HostProfile.parse(profile.toString()), profile.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "delay 1.5s | delay 1500ms",
        "LOSS 5 | loss 5%",
        "ttl 1 ttl 2 | ttl 2",
        "broadcast delay 2m | delay 120s broadcast",
        "distribution uniform delay 5ms | delay 5ms",
        "mac 2:AB:c:0:0:1 ttl 64 | ttl 64 mac 02:ab:0c:00:00:01"})
    void theCanonicalForm(String words, String canonical) {
        assertEquals(canonical, HostProfile.parse(words).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "delay | 'delay' needs a value",
        "delay 50 | '50': a time needs a unit",
        "delay -5ms | '-5ms' is not a time",
        "delay 50ms 10ms 150% | '150%' is not a percentage",
        "distribution | 'distribution' needs a value",
        "distribution lognormal | 'lognormal'",
        "loss | 'loss' needs a value",
        "loss 101% | '101%' is not a percentage",
        "loss 5% 200% | '200%' is not a percentage",
        "duplicate many | 'many' is not a percentage",
        "flap 30s | '30s' needs a value",
        "flap 0s 10s | 'flap': both times must be above 0",
        "ttl 0 | '0' (expected: ttl N",
        "ttl 256 | '256' (expected: ttl N",
        "hops 31 | '31' (expected: hops N",
        "hops x | 'x' (expected: hops N",
        "rate 10 | '10' (expected: rate N/s",
        "rate 0/s | '0/s' (expected: rate N/s",
        "down unreachable | 'down' and 'unreachable' together",
        "mac | 'mac' needs a value",
        "mac 02:11:22:33:44 | '02:11:22:33:44' (expected: mac XX:XX:XX:XX:XX:XX",
        "mac 02:11:22:33:44:5g | '02:11:22:33:44:5g' (expected: mac XX:XX:XX:XX:XX:XX",
        "mac 01:00:5e:00:00:01 | '01:00:5e:00:00:01' is a multicast MAC address",
        "mac ff:ff:ff:ff:ff:ff | 'ff:ff:ff:ff:ff:ff' is a multicast MAC address",
        "jitter 5ms | 'jitter': unknown word"})
    void aBrokenWordIsNamed(String words, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostProfile.parse(words));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void theRecordRefusesWhatParseNeverBuilds() {
        assertThrows(IllegalArgumentException.class, () -> new HostProfile(-1, 0, 0, DelayDistribution.UNIFORM, 0, 0,
                0, false, false, 0, 0, 0, 0, 0, false, null));
        assertThrows(IllegalArgumentException.class, () -> new HostProfile(0, 0, 0, DelayDistribution.UNIFORM, 1.5, 0,
                0, false, false, 0, 0, 0, 0, 0, false, null));
        assertThrows(IllegalArgumentException.class, () -> new HostProfile(0, 0, 0, DelayDistribution.UNIFORM, 0, 0,
                0, false, false, 5, 0, 0, 0, 0, false, null));
        assertThrows(IllegalArgumentException.class, () -> new HostProfile(0, 0, 0, null, 0, 0, 0, false, false, 0, 0,
                0, 0, 0, false, null));
        assertThrows(IllegalArgumentException.class, () -> new HostProfile(0, 0, 0, DelayDistribution.UNIFORM, 0, 0,
                0, false, false, 0, 0, 0, 0, 0, false, io.tunstack.stack.address.MacAddress.BROADCAST));
    }
}
