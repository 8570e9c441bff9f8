package io.tunstack.app;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --duration TIME}: a whole number with a unit, {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, or a bare
 * number of seconds ({@code 30}), as {@code timeout(1)} reads one; more than zero.
 */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern TIME = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
        Matcher m = TIME.matcher(value.trim());
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a time (expected: a number with a unit, e.g."
                    + " 500ms, 10s, 5m or 2h; seconds if none)");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration duration = switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
        if (duration.isZero()) {
            throw new TypeConversionException("'" + value + "' is no time at all (expected: more than 0)");
        }
        return duration;
    }
}
