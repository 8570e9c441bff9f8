package io.tunstack.app;

import io.tunstack.stack.config.StackConfig.RateLimit;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Lets picocli parse a token bucket as {@code RATE} or {@code RATE/BURST} (per second, and how many may pass at
 * once); without a burst, the burst is the rate, one second's worth.
 */
final class RateLimitConverter implements ITypeConverter<RateLimit> {

    @Override
    public RateLimit convert(String value) {
        int slash = value.indexOf('/');
        String rate = slash < 0 ? value : value.substring(0, slash);
        String burst = slash < 0 ? rate : value.substring(slash + 1);
        try {
            return new RateLimit(Integer.parseInt(rate), Integer.parseInt(burst));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not RATE or RATE/BURST (expected e.g. 100/20)");
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "': rate and burst must be 1 or more");
        }
    }
}
