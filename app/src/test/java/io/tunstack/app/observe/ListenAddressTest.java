package io.tunstack.app.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListenAddressTest {

    @Test
    void aPortAloneListensOnLoopbackOnly() {
        InetSocketAddress address = ListenAddress.parse("9100");
        assertTrue(address.getAddress().isLoopbackAddress(), address.toString());
        assertEquals(9100, address.getPort());
    }

    @Test
    void anAddressAndPort() throws Exception {
        assertEquals(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 9100), ListenAddress.parse("0.0.0.0:9100"));
        assertEquals(new InetSocketAddress(InetAddress.getByName("::1"), 9101), ListenAddress.parse("[::1]:9101"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "65536", "-1", ":9100", "127.0.0.1:", "127.0.0.1:port"})
    void rejectsWithOneLineNamingTheInput(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'") && !e.getMessage().contains("\n"), e.getMessage());
    }
}
