package io.tunstack.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;

/** The kernel's route tables as text, from a real machine (the rows that matter), and read in a namespace. */
class RouteTableTest {

    private static final String IPV4 = String.join("\n",
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
            "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0",
            "docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0",
            "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0", "");
    private static final String IPV6 = String.join("\n",
            "fd000000000000000000000000000000 40 00000000000000000000000000000000 00 "
                    + "00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0",
            "00000000000000000000000000000001 80 00000000000000000000000000000000 00 "
                    + "00000000000000000000000000000000 00000000 00000002 00000000 80200001       lo", "");

    @Test
    void parsesBothTablesWithTheirPrefixLengths() {
        List<Route> routes = RouteTable.parse(IPV4, IPV6);

        assertEquals(List.of(
                new Route("eth0", new byte[] {0, 0, 0, 0}, 0),
                new Route("docker0", new byte[] {(byte) 172, 17, 0, 0}, 16),
                new Route("eth0", new byte[] {(byte) 192, 0, 2, 0}, 24),
                new Route("eth0", HexFormat.of().parseHex("fd000000000000000000000000000000"), 64),
                new Route("lo", HexFormat.of().parseHex("00000000000000000000000000000001"), 128)), routes);
    }

    @Test
    void emptyTablesHaveNoRoutes() {
        assertEquals(List.of(), RouteTable.parse("", ""));
        assertEquals(List.of(), RouteTable.parse(IPV4.lines().findFirst().orElseThrow(), ""));
    }

    @Test
    void readsTheRouteTheKernelAddsForAConfiguredDevice() throws Exception {
        IsolatedNetwork.run(() -> {
            try (TunDevice device = TunDevice.open("rt0", false)) {
                InterfaceConfig.configure(device.name(), 0x0A090001, 24, 1500);
                InterfaceConfig.addIpv6Address(device.name(), HexFormat.of().parseHex("fd000009000000000000000000000001"),
                        64);

                List<Route> routes = RouteTable.read();
                assertTrue(routes.contains(new Route("rt0", new byte[] {10, 9, 0, 0}, 24)), routes::toString);
                assertTrue(routes.contains(new Route("rt0", HexFormat.of().parseHex("fd000009000000000000000000000000"),
                        64)), routes::toString);
            }
        });
    }

    @Test
    void anIpv4AddressIsAHostRouteOfItsDeviceEvenWithoutAPrefixRoute() throws Exception {
        IsolatedNetwork.run(() -> {
            try (TunDevice device = TunDevice.open("rt0", false)) {
                InterfaceConfig.configure(device.name(), 0x0A090005, 32, 1500); // 10.9.0.5/32: no main-table route

                assertTrue(RouteTable.parse(Files.readString(Path.of("/proc/thread-self/net/route")), "").stream()
                        .noneMatch(route -> route.device().equals("rt0")), "a /32 has no route in /proc/net/route");
                Route host = new Route("rt0", new byte[] {10, 9, 0, 5}, 32);
                assertEquals(List.of(host), RouteTable.ipv4HostRoutes().stream()
                        .filter(route -> route.device().equals("rt0")).toList());
                assertTrue(RouteTable.read().contains(host));
            }
        });
    }

    @Test
    void theIfreqsOfSiocgifconfAreHostRoutesOfTheDeviceBeforeTheLabelsColon() {
        Pointer buffer = Memory.allocateDirect(Native.RUNTIME, 3 * IfReq.SIZE, true);
        ifreq(buffer, 0, "eth0", new byte[] {(byte) 192, 0, 2, 7});
        ifreq(buffer, 1, "eth0:1", new byte[] {10, 9, 0, 5});
        ifreq(buffer, 2, "lo", new byte[] {127, 0, 0, 1});

        assertEquals(List.of(new Route("eth0", new byte[] {(byte) 192, 0, 2, 7}, 32),
                new Route("eth0", new byte[] {10, 9, 0, 5}, 32)), RouteTable.hostRoutes(buffer, 2 * IfReq.SIZE));
        assertEquals(List.of(), RouteTable.hostRoutes(buffer, IfReq.SIZE - 1), "no partial ifreq");
    }

    /** Writes the {@code index}th ifreq as the kernel's {@code inet_gifconf()} does: label, AF_INET, address. */
    private static void ifreq(Pointer buffer, int index, String label, byte[] address) {
        int offset = index * IfReq.SIZE;
        buffer.putString(offset, label, 16, StandardCharsets.US_ASCII);
        buffer.putShort(offset + 16, (short) 2); // sin_family AF_INET
        buffer.put(offset + 20, address, 0, 4); // sin_addr, network byte order
    }
}
