package io.tunstack.stack.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void verdictsAreInternedSoThePacketPathAllocatesNothing() {
        for (Answer answer : Answer.values()) {
            assertSame(Verdict.answered(answer), Verdict.answered(answer), answer.name());
        }
        for (DropReason reason : DropReason.values()) {
            assertSame(Verdict.dropped(reason), Verdict.dropped(reason), reason.name());
        }
    }

    @Test
    void answeredCarriesItsAnswerOnly() {
        Verdict verdict = Verdict.answered(Answer.ICMPV4_TIMESTAMP_REPLY);
        assertEquals(Verdict.Kind.ANSWERED, verdict.kind());
        assertTrue(verdict.isAnswered());
        assertFalse(verdict.isHeld());
        assertFalse(verdict.isDropped());
        assertSame(Answer.ICMPV4_TIMESTAMP_REPLY, verdict.answer());
        assertNull(verdict.reason());
    }

    @Test
    void droppedCarriesItsReasonOnly() {
        Verdict verdict = Verdict.dropped(DropReason.IPV4_BAD_HEADER_CHECKSUM);
        assertEquals(Verdict.Kind.DROPPED, verdict.kind());
        assertTrue(verdict.isDropped());
        assertFalse(verdict.isAnswered());
        assertFalse(verdict.isHeld());
        assertSame(DropReason.IPV4_BAD_HEADER_CHECKSUM, verdict.reason());
        assertNull(verdict.answer());
        assertThrows(NullPointerException.class, () -> Verdict.dropped(null));
    }

    @Test
    void heldCarriesNeither() {
        assertEquals(Verdict.Kind.HELD, Verdict.HELD.kind());
        assertTrue(Verdict.HELD.isHeld());
        assertFalse(Verdict.HELD.isAnswered());
        assertFalse(Verdict.HELD.isDropped());
        assertNull(Verdict.HELD.answer());
        assertNull(Verdict.HELD.reason());
    }

    @Test
    void differentValuesAreDifferentVerdicts() {
        assertFalse(Verdict.answered(Answer.ICMPV4_ECHO_REPLY).equals(Verdict.answered(Answer.ICMPV6_ECHO_REPLY)));
        assertFalse(Verdict.dropped(DropReason.NOT_IP).equals(Verdict.dropped(DropReason.IPV4_TRUNCATED)));
        assertFalse(Verdict.HELD.equals(Verdict.dropped(DropReason.NOT_IP)));
    }

    @Test
    void toStringIsWhatTheTracePrints() {
        assertEquals("answered: icmpv4-echo-reply", Verdict.answered(Answer.ICMPV4_ECHO_REPLY).toString());
        assertEquals("held", Verdict.HELD.toString());
        assertEquals("dropped: ipv4-bad-header-checksum",
                Verdict.dropped(DropReason.IPV4_BAD_HEADER_CHECKSUM).toString());
    }
}
