package io.tunstack.stack.profile;

import java.util.Locale;

/**
 * How a host's delay varies around its mean, by {@code tc netem}'s names. Without a {@code distribution} word netem
 * draws the jitter uniformly, and so does tunstack.
 */
public enum DelayDistribution {
    /** Uniform in [delay - jitter, delay + jitter] (netem without a distribution table). */
    UNIFORM,
    /** Normal, mean the delay, standard deviation the jitter (netem's {@code normal} table). */
    NORMAL,
    /** Pareto, heavy-tailed above the delay, scaled by the jitter (netem's {@code pareto} table). */
    PARETO,
    /**
     * netem's {@code paretonormal}: iproute2's table adds, for each quantile, one part of the normal value to three
     * parts of the Pareto value, {@code (normal + 3 * pareto) / 4}.
     */
    PARETONORMAL;

    /** The word as netem writes it: {@code normal}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
