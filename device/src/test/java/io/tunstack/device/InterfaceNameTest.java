package io.tunstack.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Names are checked with the kernel's rules before any system call. */
class InterfaceNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"tun0", "t", "abcdefghijklmno", "tun%d", "tun-stack_1.2", "é1234567890123"})
    void acceptsWhatTheKernelAccepts(String name) {
        assertEquals(name, InterfaceName.validate(name, false));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "abcdefghijklmnop | 16 bytes (expected: at most 15)",
        "éé234567890123 | 16 bytes (expected: at most 15)",
        "a/b | contains '/'",
        "a:b | contains ':'",
        "'a b' | contains whitespace or NUL at index 1",
        ". | reserved",
        ".. | reserved",
    })
    void rejectsWithTheReason(String name, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InterfaceName.validate(name, false));
        assertEquals("invalid interface name '" + name + "': " + reason, e.getMessage());
    }

    @Test
    void rejectsTabNewlineAndNul() {
        for (String name : new String[] {"a\tb", "a\nb", "a\0b"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> InterfaceName.validate(name, false));
            assertTrue(e.getMessage().contains("whitespace or NUL"), e.getMessage());
            assertTrue(e.getMessage().lines().count() == 1, "one line: " + e.getMessage());
        }
    }

    @Test
    void emptyOnlyWhereTheKernelChoosesTheName() {
        assertEquals("", InterfaceName.validate("", true));
        assertThrows(IllegalArgumentException.class, () -> InterfaceName.validate("", false));
    }

    @Test
    void openRejectsAnInvalidNameBeforeCallingTheKernel() {
        // Needs no root: the name never reaches open(2) or TUNSETIFF.
        assertThrows(IllegalArgumentException.class, () -> TunDevice.open("no/slash", false));
        assertThrows(IllegalArgumentException.class, () -> InterfaceConfig.configure("sixteen-bytes-xx", 0, 24, 1500));
    }
}
