package io.tunstack.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tunstack.device.Route;
import io.tunstack.stack.address.InterfaceAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubnetConflictsTest {

    private static final List<InterfaceAddress> DEFAULTS = TunstackCommand.DEFAULT_ADDRESSES;

    /** The routes of the machine these tests run on: a default route, a /24 on eth0, docker's /16, fd00::/64. */
    private static final List<Route> HOST = List.of(
            new Route("eth0", new byte[] {0, 0, 0, 0}, 0),
            new Route("eth0", new byte[] {(byte) 192, 0, 2, 0}, 24),
            new Route("docker0", new byte[] {(byte) 172, 17, 0, 0}, 16),
            new Route("eth0", HexFormat.of().parseHex("fd000000000000000000000000000000"), 64),
            new Route("eth0", new byte[16], 0));

    @Test
    void theDefaultsDoNotOverlapTheRoutesOfAnOrdinaryHost() {
        assertEquals(Optional.empty(), SubnetConflicts.find("tun0", DEFAULTS, HOST));
    }

    @Test
    void aRouteOfAnotherInterfaceInsideTheSubnetIsAConflict() {
        List<Route> wifi = List.of(new Route("wlan0", new byte[] {(byte) 172, 21, 22, 0}, 24));
        assertEquals(Optional.of("172.21.22.0/24 (of --address 172.21.22.23/24) overlaps the route 172.21.22.0/24 of"
                + " wlan0"), SubnetConflicts.find("tun0", DEFAULTS, wifi));
    }

    @Test
    void aWiderRouteAroundTheSubnetIsAConflictToo() {
        List<Route> company = List.of(new Route("eth1", new byte[] {(byte) 172, 16, 0, 0}, 12));
        assertEquals(Optional.of("172.21.22.0/24 (of --address 172.21.22.23/24) overlaps the route 172.16.0.0/12 of"
                + " eth1"), SubnetConflicts.find("tun0", DEFAULTS, company));
    }

    @Test
    void anIpv6RouteIsComparedWithTheIpv6SubnetOnly() {
        List<Route> routes = List.of(new Route("eth0", HexFormat.of().parseHex("fd000172002100220000000000000000"),
                64));
        assertEquals(Optional.of("fd00:172:21:22::/64 (of --address fd00:172:21:22::23/64) overlaps the route"
                + " fd00:172:21:22::/64 of eth0"), SubnetConflicts.find("tun0", DEFAULTS, routes));
        assertEquals(Optional.empty(), SubnetConflicts.find("tun0", DEFAULTS.subList(0, 1), routes));
    }

    @Test
    void theDevicesOwnRoutesAreNotConflicts() {
        List<Route> own = List.of(new Route("tun0", new byte[] {(byte) 172, 21, 22, 0}, 24));
        assertEquals(Optional.empty(), SubnetConflicts.find("tun0", DEFAULTS, own));
    }

    @Test
    void aPrefixOfAnswerIsCheckedAgainstTheRoutesOfOtherInterfacesToo() {
        List<InterfaceAddress> answers = List.of(InterfaceAddress.parse("10.9.0.0/16"),
                InterfaceAddress.parse("fd00:9::/32"));
        List<Route> routes = List.of(new Route("tun0", new byte[] {10, 9, 0, 0}, 16),
                new Route("veth0", new byte[] {10, 9, 3, 0}, 24));

        assertEquals(Optional.of("10.9.0.0/16 (of --answer) overlaps the route 10.9.3.0/24 of veth0"),
                SubnetConflicts.findForAnswers("tun0", answers, routes));
        assertEquals(Optional.of("fd00:9::/32 (of --answer) overlaps the route fd00::/8 of eth0"),
                SubnetConflicts.findForAnswers("tun0", answers, List.of(new Route("eth0",
                        HexFormat.of().parseHex("fd000000000000000000000000000000"), 8))));
        assertEquals(Optional.empty(), SubnetConflicts.findForAnswers("tun0", answers, HOST));
    }
}
