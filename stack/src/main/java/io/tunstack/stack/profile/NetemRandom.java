package io.tunstack.stack.profile;

/**
 * The arithmetic of {@code tc netem}'s random choices, in doubles rather than netem's 32-bit integers.
 *
 * <ul>
 *   <li>Correlation, netem's get_crandom(): the next value is {@code corr * last + (1 - corr) * random}, where
 *       {@code random} is a fresh uniform draw in [0, 1) and {@code last} the previous result.</li>
 *   <li>A delay, netem's tabledist(): {@code mu + sigma * x}, where {@code x} is the quantile of the distribution at a
 *       (correlated) uniform value. Without a distribution the delay is uniform in [mu - sigma, mu + sigma). netem
 *       reads {@code x} from iproute2's tables of 16-bit values scaled by {@code NETEM_DIST_SCALE} (8192), so
 *       {@code x} lies in [-4, 4); so it does here.</li>
 *   <li>The tables: {@code normal}, the standard normal quantile; {@code pareto}, iproute2's pareto.c with
 *       {@code a = 3}: {@code ((1 - u)^(-1/3) - 1.5) * 4/3}, a Pareto variable shifted to mean 0; {@code paretonormal},
 *       iproute2's paretonormal.c: {@code (normal + 3 * pareto) / 4} of the same quantile.</li>
 * </ul>
 */
final class NetemRandom {

    /** iproute2's tables hold signed 16-bit values over NETEM_DIST_SCALE = 8192. */
    static final double MAX_DEVIATION = 32767.0 / 8192;
    static final double MIN_DEVIATION = -32768.0 / 8192;
    /** The Pareto shape of iproute2's pareto.c and paretonormal.c. */
    private static final double PARETO_SHAPE = 3.0;
    /** Keeps the normal quantile finite at 0. */
    private static final double SMALLEST_PROBABILITY = 1e-12;

    private NetemRandom() {
    }

    /** netem get_crandom(): {@code correlation * last + (1 - correlation) * uniform}. */
    static double correlated(double uniform, double last, double correlation) {
        return correlation == 0 ? uniform : correlation * last + (1 - correlation) * uniform;
    }

    /**
     * How many standard deviations ({@code sigma}) a delay lies from its mean ({@code mu}) at the uniform value
     * {@code u} in [0, 1), in {@code distribution}.
     */
    static double deviation(DelayDistribution distribution, double u) {
        double x;
        switch (distribution) {
            case NORMAL:
                x = normalQuantile(u);
                break;
            case PARETO:
                x = paretoQuantile(u);
                break;
            case PARETONORMAL:
                x = (normalQuantile(u) + 3 * paretoQuantile(u)) / 4;
                break;
            default:
                // netem without a table: (rnd % (2 * sigma)) + mu - sigma.
                return 2 * u - 1;
        }
        return Math.max(MIN_DEVIATION, Math.min(MAX_DEVIATION, x));
    }

    /** iproute2 pareto.c: {@code (1 / u'^(1/a) - 1.5) * 4/3} with {@code u' = 1 - u}. */
    static double paretoQuantile(double u) {
        double tail = Math.max(1 - u, SMALLEST_PROBABILITY);
        return (1 / Math.pow(tail, 1 / PARETO_SHAPE) - 1.5) * 4 / 3;
    }

    /**
     * The standard normal quantile, by Peter Acklam's rational approximation (relative error below 1.2e-9, far below
     * the 1/8192 steps of netem's table).
     */
    static double normalQuantile(double u) {
        double p = Math.max(SMALLEST_PROBABILITY, Math.min(1 - SMALLEST_PROBABILITY, u));
        if (p < LOW) {
            double q = Math.sqrt(-2 * Math.log(p));
            return tail(q);
        }
        if (p > 1 - LOW) {
            double q = Math.sqrt(-2 * Math.log(1 - p));
            return -tail(q);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
                / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
    }

    private static double tail(double q) {
        return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
                / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    }

    /** Where Acklam's approximation switches from the central region to the tails. */
    private static final double LOW = 0.02425;
    private static final double[] A = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    private static final double[] B = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
        6.680131188771972e+01, -1.328068155288572e+01};
    private static final double[] C = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    private static final double[] D = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
        3.754408661907416e+00};
}
