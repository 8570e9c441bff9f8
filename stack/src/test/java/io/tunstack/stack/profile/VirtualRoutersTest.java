package io.tunstack.stack.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.address.Ipv4Address;
import org.junit.jupiter.api.Test;

/** Router t is the t-th host address of the subnet, the device's own skipped. */
class VirtualRoutersTest {

    @Test
    void theFirstHostAddressesOfTheSubnet() {
        VirtualRouters routers = new VirtualRouters(InterfaceAddress.parse("172.21.22.23/24"));
        assertEquals(Ipv4Address.parse("172.21.22.1"), (int) routers.low(1));
        assertEquals(Ipv4Address.parse("172.21.22.22"), (int) routers.low(22));
        assertEquals(Ipv4Address.parse("172.21.22.24"), (int) routers.low(23), "the device's .23 is skipped");
        assertEquals(Ipv4Address.parse("172.21.22.31"), (int) routers.low(30));
        assertEquals(0, routers.high(1));
    }

    @Test
    void ipv6() {
        VirtualRouters routers = new VirtualRouters(InterfaceAddress.parse("fd00:172:21:22::1/64"));
        assertEquals(0xfd00_0172_0021_0022L, routers.high(1));
        assertEquals(2, routers.low(1), "the device's ::1 is skipped");
        assertEquals(31, routers.low(30));
    }

    @Test
    void aSmallSubnetGivesItsLastHostToTheRoutersBeyond() {
        VirtualRouters routers = new VirtualRouters(InterfaceAddress.parse("10.0.0.1/29"));
        assertEquals(Ipv4Address.parse("10.0.0.2"), (int) routers.low(1));
        assertEquals(Ipv4Address.parse("10.0.0.6"), (int) routers.low(5));
        assertEquals(Ipv4Address.parse("10.0.0.6"), (int) routers.low(30));
    }
}
