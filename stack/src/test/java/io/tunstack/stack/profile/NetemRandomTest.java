package io.tunstack.stack.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** netem's arithmetic: correlation, the uniform jitter and iproute2's three distribution tables. */
class NetemRandomTest {

    @Test
    void correlationMixesTheLastValueIn() {
        assertEquals(0.3, NetemRandom.correlated(0.3, 0.9, 0));
        assertEquals(0.25 * 0.8 + 0.75 * 0.4, NetemRandom.correlated(0.4, 0.8, 0.25), 1e-15);
        assertEquals(0.8, NetemRandom.correlated(0.4, 0.8, 1));
    }

    @Test
    void uniformJitterSpansPlusMinusOneSigma() {
        assertEquals(-1, NetemRandom.deviation(DelayDistribution.UNIFORM, 0));
        assertEquals(0, NetemRandom.deviation(DelayDistribution.UNIFORM, 0.5));
        assertEquals(0.5, NetemRandom.deviation(DelayDistribution.UNIFORM, 0.75));
    }

    @Test
    void theNormalQuantileIsTheStandardOne() {
        assertEquals(0, NetemRandom.normalQuantile(0.5), 1e-9);
        assertEquals(1.959964, NetemRandom.normalQuantile(0.975), 1e-6);
        assertEquals(-2.326348, NetemRandom.normalQuantile(0.01), 1e-6);
        assertEquals(-1.0, NetemRandom.normalQuantile(0.158655254), 1e-6);
    }

    @Test
    void netemsTablesStopAtFourSigma() {
        assertEquals(NetemRandom.MIN_DEVIATION, NetemRandom.deviation(DelayDistribution.NORMAL, 0));
        assertEquals(NetemRandom.MAX_DEVIATION, NetemRandom.deviation(DelayDistribution.NORMAL, 0.9999999));
        assertEquals(NetemRandom.MAX_DEVIATION, NetemRandom.deviation(DelayDistribution.PARETO, 0.9999999));
    }

    @Test
    void paretoIsIproute2sTable() {
        // pareto.c: (1 / u'^(1/3) - 1.5) * 4/3; at u' = 1 the table's first value, -2/3.
        assertEquals(-2.0 / 3, NetemRandom.paretoQuantile(0), 1e-12);
        assertEquals((Math.pow(0.5, -1.0 / 3) - 1.5) * 4 / 3, NetemRandom.paretoQuantile(0.5), 1e-12);
        assertEquals((NetemRandom.normalQuantile(0.5) + 3 * NetemRandom.paretoQuantile(0.5)) / 4,
                NetemRandom.deviation(DelayDistribution.PARETONORMAL, 0.5), 1e-12);
    }

    @Test
    void eachDistributionIsCentredOnTheDelay() {
        SplittableRandom random = new SplittableRandom(1);
        for (DelayDistribution distribution : DelayDistribution.values()) {
            double sum = 0;
            int n = 200_000;
            for (int i = 0; i < n; i++) {
                sum += NetemRandom.deviation(distribution, random.nextDouble());
            }
            // Pareto's tail is cut at 4 sigma by netem's 16-bit table, which pulls its mean a little below 0.
            assertTrue(Math.abs(sum / n) < 0.05, distribution + ": mean " + sum / n);
        }
    }
}
