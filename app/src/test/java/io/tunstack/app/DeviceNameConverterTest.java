package io.tunstack.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DeviceNameConverterTest {

    private final DeviceNameConverter converter = new DeviceNameConverter();

    @ParameterizedTest
    @ValueSource(strings = {"tun0", "t", "tunstack-queue1", "tun%d", "veth.1_x"})
    void acceptsWhatTheKernelAccepts(String name) {
        assertEquals(name, converter.convert(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "tun/0", "tun:0", "tun 0", "tun\t0", "sixteen-bytes-xx", "ääääääää"})
    void rejectsWhatTheKernelRejects(String name) {
        assertThrows(TypeConversionException.class, () -> converter.convert(name));
    }
}
