package io.tunstack.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** {@code --duration TIME}: a number and a unit, as timeout(1) reads one. */
class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void eachUnit() {
        assertEquals(Duration.ofMillis(500), converter.convert("500ms"));
        assertEquals(Duration.ofSeconds(10), converter.convert("10s"));
        assertEquals(Duration.ofMinutes(5), converter.convert("5m"));
        assertEquals(Duration.ofHours(2), converter.convert("2h"));
        assertEquals(Duration.ofSeconds(30), converter.convert("30"), "seconds without a unit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "10x", "-5s", "1.5s", "ten", "5 m", "9999999999s"})
    void notATime(String value) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> converter.convert(value));
        assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
    }

    @Test
    void zeroIsNoTimeAtAll() {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> converter.convert("0s"));
        assertTrue(e.getMessage().contains("more than 0"), e.getMessage());
    }
}
