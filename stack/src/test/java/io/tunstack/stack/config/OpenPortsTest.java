package io.tunstack.stack.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.stack.wire.IpProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenPortsTest {

    @Test
    void parsesPortsAndRangesPerProtocol() {
        OpenPorts ports = OpenPorts.parse("22/tcp, 80/TCP,53/udp,8000-8002/tcp");
        assertTrue(ports.isOpen(IpProtocol.TCP, 22));
        assertTrue(ports.isOpen(IpProtocol.TCP, 80));
        assertTrue(ports.isOpen(IpProtocol.TCP, 8001));
        assertTrue(ports.isOpen(IpProtocol.UDP, 53));
        assertFalse(ports.isOpen(IpProtocol.UDP, 22), "22 is open for TCP only");
        assertFalse(ports.isOpen(IpProtocol.TCP, 53));
        assertFalse(ports.isOpen(IpProtocol.TCP, 8003));
        assertFalse(ports.isOpen(IpProtocol.ICMP, 22));
        assertEquals("22/tcp,80/tcp,8000-8002/tcp,53/udp", ports.toString());
        assertEquals(ports, OpenPorts.parse(ports.toString()));
    }

    @Test
    void noneOpensNothing() {
        assertTrue(OpenPorts.none().isEmpty());
        assertEquals("none", OpenPorts.none().toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "22|'22' (expected: PORT/tcp or PORT/udp, e.g. 22/tcp)",
        "22/sctp|'22/sctp': protocol 'sctp' (expected: tcp or udp)",
        "0/tcp|'0/tcp': port 0 (expected: 1..65535)",
        "65536/udp|'65536/udp': port 65536 (expected: 1..65535)",
        "ssh/tcp|'ssh/tcp': 'ssh' is not a port number (expected: 1..65535)",
        "90-80/tcp|'90-80/tcp': range ends before it starts",
        "22/tcp,|'' (expected: PORT/tcp or PORT/udp, e.g. 22/tcp)"})
    void namesTheItemThatIsNotValid(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> OpenPorts.parse(text)).getMessage());
    }
}
