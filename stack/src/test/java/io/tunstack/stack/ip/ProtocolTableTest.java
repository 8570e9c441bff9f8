package io.tunstack.stack.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.Verdict;
import org.junit.jupiter.api.Test;

class ProtocolTableTest {

    private static final ProtocolHandler FALLBACK = datagram -> Verdict.dropped(DropReason.IPV4_UNSUPPORTED_PROTOCOL);
    private static final ProtocolHandler ICMP = datagram -> Verdict.answered(Answer.ICMPV4_ECHO_REPLY);
    private static final ProtocolHandler ICMPV6 = datagram -> Verdict.answered(Answer.ICMPV6_ECHO_REPLY);

    @Test
    void everyUnregisteredProtocolGoesToTheFallback() {
        ProtocolTable table = ProtocolTable.withFallback(FALLBACK).register(1, ICMP).build();
        assertSame(ICMP, table.handler(1));
        for (int protocol = 0; protocol < 256; protocol++) {
            if (protocol != 1) {
                assertSame(FALLBACK, table.handler(protocol), "protocol " + protocol);
            }
        }
    }

    @Test
    void handlersArePeersUnderTheirNumbers() {
        ProtocolTable table = ProtocolTable.withFallback(FALLBACK).register(1, ICMP).register(58, ICMPV6)
                .register(255, ICMP).register(0, ICMPV6).build();
        assertSame(ICMP, table.handler(1));
        assertSame(ICMPV6, table.handler(58));
        assertSame(ICMP, table.handler(255));
        assertSame(ICMPV6, table.handler(0));
        assertEquals(Verdict.answered(Answer.ICMPV6_ECHO_REPLY), table.handler(58).receive(new Datagram()));
    }

    @Test
    void aLaterRegistrationReplacesAnEarlierOne() {
        ProtocolTable table = ProtocolTable.withFallback(FALLBACK).register(1, ICMP).register(1, ICMPV6).build();
        assertSame(ICMPV6, table.handler(1));
    }

    @Test
    void aBuiltTableDoesNotChangeWithItsBuilder() {
        ProtocolTable.Builder builder = ProtocolTable.withFallback(FALLBACK).register(1, ICMP);
        ProtocolTable table = builder.build();
        builder.register(1, ICMPV6).register(17, ICMP);
        assertSame(ICMP, table.handler(1));
        assertSame(FALLBACK, table.handler(17));
    }

    @Test
    void rejectsNumbersOutsideTheByteAndNullHandlers() {
        ProtocolTable.Builder builder = ProtocolTable.withFallback(FALLBACK);
        assertThrows(IllegalArgumentException.class, () -> builder.register(-1, ICMP));
        assertThrows(IllegalArgumentException.class, () -> builder.register(256, ICMP));
        assertThrows(NullPointerException.class, () -> builder.register(1, null));
        assertThrows(NullPointerException.class, () -> ProtocolTable.withFallback(null));
    }
}
