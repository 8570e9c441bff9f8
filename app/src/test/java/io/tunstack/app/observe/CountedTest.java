package io.tunstack.app.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tunstack.stack.verdict.Answer;
import org.junit.jupiter.api.Test;

class CountedTest {

    @Test
    void oneIsSingularEverythingElsePlural() {
        assertEquals("0 packets", Counted.of(0, "packet", "packets"));
        assertEquals("1 packet", Counted.of(1, "packet", "packets"));
        assertEquals("2 packets", Counted.of(2, "packet", "packets"));
    }

    @Test
    void namesEveryKindOfMessageInBothNumbers() {
        assertEquals("1 ICMP echo reply", Counted.of(1, Answer.ICMPV4_ECHO_REPLY));
        assertEquals("2 ICMP echo replies", Counted.of(2, Answer.ICMPV4_ECHO_REPLY));
        assertEquals("3 ICMPv6 echo replies", Counted.of(3, Answer.ICMPV6_ECHO_REPLY));
        assertEquals("2 ICMP timestamp replies", Counted.of(2, Answer.ICMPV4_TIMESTAMP_REPLY));
        assertEquals("1 ICMP parameter problem", Counted.of(1, Answer.ICMPV4_PARAMETER_PROBLEM));
        assertEquals("2 ICMP parameter problems", Counted.of(2, Answer.ICMPV4_PARAMETER_PROBLEM));
        assertEquals("1 ICMP destination unreachable", Counted.of(1, Answer.ICMPV4_DESTINATION_UNREACHABLE));
        assertEquals("2 ICMP destination unreachable messages",
                Counted.of(2, Answer.ICMPV4_DESTINATION_UNREACHABLE));
        assertEquals("2 ICMPv6 time exceeded messages", Counted.of(2, Answer.ICMPV6_TIME_EXCEEDED));
        assertEquals("1 TCP reset", Counted.of(1, Answer.TCP_RST));
        assertEquals("2 TCP resets", Counted.of(2, Answer.TCP_RST));
        assertEquals("2 TCP SYN+ACKs", Counted.of(2, Answer.TCP_SYN_ACK));
        assertEquals("3 TCP FINs", Counted.of(3, Answer.TCP_FIN));
        assertEquals("2 TCP ACKs", Counted.of(2, Answer.TCP_ACK));
    }
}
