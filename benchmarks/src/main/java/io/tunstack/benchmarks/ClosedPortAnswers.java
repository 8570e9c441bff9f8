package io.tunstack.benchmarks;

import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.config.StackConfig;

/**
 * What the closed-port benchmarks share: the stack of the captured UDP and TCP exchanges (the device holds
 * 172.21.22.23/24, so 172.21.22.26 is answered and every port is closed), with the ICMP error limits out of the way,
 * so that every operation builds and sends its answer instead of counting a refusal.
 */
final class ClosedPortAnswers {

    /**
     * The global bucket, as large as it can be: a billion tokens a second, so that it never runs dry during a
     * measurement (the per-peer limit is switched off with interval 0).
     */
    private static final int UNLIMITED_PER_SECOND = 1_000_000_000;

    private ClosedPortAnswers() {
    }

    /** The captures' subnet, every port closed, no ICMP error limit that a benchmark could reach. */
    static StackConfig config() {
        return StackConfig.builder()
                .address(InterfaceAddress.parse("172.21.22.23/24"))
                .icmpErrorRate(UNLIMITED_PER_SECOND, Integer.MAX_VALUE)
                .icmpPeerIntervalMillis(0)
                .build();
    }
}
