package io.tunstack.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tunstack.device.Route;
import io.tunstack.stack.address.AddressSet;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.config.StackConfig;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Which prefixes the device needs routes for, beside its subnets, to receive what {@code --answer} asks for. */
class AnswerRoutesTest {

    private static StackConfig.Builder both() {
        return StackConfig.builder().address(InterfaceAddress.parse("172.21.22.23/24"))
                .address(InterfaceAddress.parse("fd00:172:21:22::23/64"));
    }

    private static List<InterfaceAddress> prefixes(String... texts) {
        return Stream.of(texts).map(InterfaceAddress::parse).toList();
    }

    private static List<InterfaceAddress> forAnswer(String answer) {
        return AnswerRoutes.prefixes(both().answered(AddressSet.parse(answer)).build());
    }

    @Test
    void theDefaultsAndAddressesInsideTheSubnetsNeedNoRoute() {
        assertEquals(List.of(), AnswerRoutes.prefixes(both().build()));
        assertEquals(List.of(), forAnswer("172.21.22.26,172.21.22.100-172.21.22.110,fd00:172:21:22::26"));
        assertEquals(List.of(), forAnswer("172.21.22.0/24,fd00:172:21:22::/64"));
    }

    @Test
    void aBlockOutsideTheSubnetsIsOneRoute() {
        assertEquals(prefixes("10.9.0.0/16", "fd00:9::/32"), forAnswer("10.9.0.0/16,fd00:9::/32,172.21.22.26"));
    }

    @Test
    void singleAddressesAndRangesAreCutIntoTheFewestBlocks() {
        assertEquals(prefixes("10.9.0.5/32", "10.9.0.8/30", "fd00:9::1/128"),
                forAnswer("10.9.0.5,10.9.0.8-10.9.0.11,fd00:9::1"));
    }

    @Test
    void aBlockAroundTheSubnetIsOneRouteNotItsPiecesAroundTheHole() {
        assertEquals(prefixes("172.21.0.0/16", "fd00:172:21::/48"), forAnswer("172.21.0.0/16,fd00:172:21::/48"));
    }

    @Test
    void aRangeThatLeavesTheSubnetIsRoutedForItsPartOutside() {
        assertEquals(prefixes("172.21.23.0/29", "172.21.23.8/31", "172.21.23.10/32"),
                forAnswer("172.21.22.200-172.21.23.10"));
    }

    @Test
    void aFamilyWithoutAnAddressOnTheDeviceIsRoutedWhole() {
        StackConfig ipv4Only = StackConfig.builder().address(InterfaceAddress.parse("172.21.22.23/24"))
                .answered(AddressSet.parse("172.21.22.26,fd00:9::/32")).build();
        assertEquals(prefixes("fd00:9::/32"), AnswerRoutes.prefixes(ipv4Only));
    }

    @Test
    void aPrefixIsMissingUnlessARouteOfTheDeviceCoversIt() {
        List<Route> routes = List.of(
                new Route("tun0", new byte[] {10, 9, 0, 0}, 16),
                new Route("eth0", new byte[] {10, 10, 0, 0}, 16),
                new Route("tun0", new byte[] {10, 11, 0, 0}, 24),
                new Route("tun0", HexFormat.of().parseHex("fd000000000000000000000000000000"), 8));

        assertEquals(prefixes("10.10.0.0/16", "10.11.0.0/16"), AnswerRoutes.missing("tun0",
                prefixes("10.9.0.0/16", "10.9.3.0/24", "10.10.0.0/16", "10.11.0.0/16", "fd00:9::/32"), routes));
    }
}
