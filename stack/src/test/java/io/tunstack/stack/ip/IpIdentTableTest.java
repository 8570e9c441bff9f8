package io.tunstack.stack.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IpIdentTableTest {

    private static final int A = 0xAC151617;
    private static final int B = 0xAC15161A;

    @Test
    void aFlowSeesConsecutiveIds() {
        IpIdentTable table = new IpIdentTable(IpIdentTable.DEFAULT_SIZE, new SplittableRandom(1));
        int first = table.nextIdentification(A, B, 1);
        for (int i = 1; i <= 70_000; i++) {
            assertEquals((first + i) & 0xFFFF, table.nextIdentification(A, B, 1));
        }
    }

    @Test
    void theSameSeedGivesTheSameIds() {
        IpIdentTable one = new IpIdentTable(IpIdentTable.DEFAULT_SIZE, new SplittableRandom(7));
        IpIdentTable two = new IpIdentTable(IpIdentTable.DEFAULT_SIZE, new SplittableRandom(7));
        for (int i = 0; i < 100; i++) {
            assertEquals(one.nextIdentification(A, B + i, 1), two.nextIdentification(A, B + i, 1));
        }
    }

    @Test
    void flowsSpreadOverBuckets() {
        IpIdentTable table = new IpIdentTable(IpIdentTable.DEFAULT_SIZE, new SplittableRandom(3));
        Set<Integer> ids = new HashSet<>();
        for (int host = 0; host < 200; host++) {
            ids.add(table.nextIdentification(A, 0x0A000000 + host, 1));
        }
        // 200 flows into 2048 random counters: a handful of collisions at most, never one shared counter.
        assertNotEquals(1, ids.size());
        assertEquals(true, ids.size() > 150, "distinct ids: " + ids.size());
    }

    @Test
    void sizeMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new IpIdentTable(1000, new SplittableRandom(1)));
    }
}
