package io.tunstack.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.HexFormat;
import jnr.constants.platform.Errno;
import org.junit.jupiter.api.Test;

/**
 * Routes added and deleted by {@link RouteConfig} on a real tun device, always inside a network namespace of the
 * test's own ({@link IsolatedNetwork}), read back from the kernel's tables ({@link RouteTable}) and followed by a
 * packet.
 */
class RouteConfigTest {

    private static final String NAME = "rttun0";
    private static final int IPV4_ADDRESS = 0xac151617; // 172.21.22.23/24
    private static final byte[] IPV6_ADDRESS = HexFormat.of().parseHex("fd000172002100220000000000000023");
    /** 10.9.0.0/16, outside the device's subnet. */
    private static final Route IPV4_ROUTE = new Route(NAME, new byte[] {10, 9, 0, 0}, 16);
    /** fd00:9::/32, outside the device's subnet. */
    private static final Route IPV6_ROUTE = new Route(NAME, HexFormat.of().parseHex("fd000009000000000000000000000000"),
            32);
    private static final int IPPROTO_UDP = 17;

    @Test
    void anIpv4RouteSendsItsPrefixToTheDeviceUntilItIsDeleted() throws Exception {
        IsolatedNetwork.run(() -> {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(2048);
            try (Link link = TunDevice.open(NAME, false);
                    DatagramSocket socket = new DatagramSocket()) {
                InterfaceConfig.configure(NAME, IPV4_ADDRESS, 24, 1500);

                RouteConfig.add(IPV4_ROUTE);

                assertTrue(RouteTable.read().contains(IPV4_ROUTE), () -> "routes: " + routes());
                byte[] payload = {'r', 't'};
                socket.send(new DatagramPacket(payload, 2, InetAddress.getByAddress(new byte[] {10, 9, 3, 4}), 9));
                ByteBuf udp = LinkReads.readUntil(link, buf, packet -> (packet.getByte(0) >> 4 & 0x0f) == 4
                        && packet.getUnsignedByte(9) == IPPROTO_UDP, "IPv4 UDP packet");
                assertEquals(0x0a090304, udp.getInt(16), "to 10.9.3.4, through the device");
                assertEquals(IPV4_ADDRESS, udp.getInt(12), "from the device's own address");

                assertTrue(RouteConfig.delete(IPV4_ROUTE));
                assertFalse(RouteTable.read().contains(IPV4_ROUTE), () -> "routes: " + routes());
                assertFalse(RouteConfig.delete(IPV4_ROUTE), "a route that is not there: ESRCH");
            } finally {
                buf.release();
            }
            assertEquals(0, buf.refCnt());
        });
    }

    @Test
    void anIpv6RouteSendsItsPrefixToTheDeviceUntilItIsDeleted() throws Exception {
        IsolatedNetwork.run(() -> {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(2048);
            try (Link link = TunDevice.open(NAME, false);
                    DatagramSocket socket = new DatagramSocket()) {
                InterfaceConfig.configure(NAME, IPV4_ADDRESS, 24, 1500);
                InterfaceConfig.addIpv6Address(NAME, IPV6_ADDRESS, 64);

                RouteConfig.add(IPV6_ROUTE);

                assertTrue(RouteTable.read().contains(IPV6_ROUTE), () -> "routes: " + routes());
                byte[] peer = HexFormat.of().parseHex("fd000009000000000000000000000026");
                byte[] payload = {'r', 't'};
                socket.send(new DatagramPacket(payload, 2, InetAddress.getByAddress(peer), 9));
                ByteBuf udp = LinkReads.readUntil(link, buf, packet -> (packet.getByte(0) >> 4 & 0x0f) == 6
                        && packet.getUnsignedByte(6) == IPPROTO_UDP, "IPv6 UDP packet");
                byte[] destination = new byte[16];
                udp.getBytes(24, destination);
                assertArrayEquals(peer, destination, "to fd00:9::26, through the device");

                assertTrue(RouteConfig.delete(IPV6_ROUTE));
                assertFalse(RouteTable.read().contains(IPV6_ROUTE), () -> "routes: " + routes());
                assertFalse(RouteConfig.delete(IPV6_ROUTE), "a route that is not there: ESRCH");
            } finally {
                buf.release();
            }
            assertEquals(0, buf.refCnt());
        });
    }

    @Test
    void theKernelRemovesTheRoutesWithTheDeviceAndADeleteAfterwardsFindsNothing() throws Exception {
        IsolatedNetwork.run(() -> {
            try (TunDevice device = TunDevice.open(NAME, false)) {
                InterfaceConfig.configure(device.name(), IPV4_ADDRESS, 24, 1500);
                InterfaceConfig.addIpv6Address(NAME, IPV6_ADDRESS, 64);
                RouteConfig.add(IPV4_ROUTE);
                RouteConfig.add(IPV6_ROUTE);
            }

            assertFalse(RouteTable.read().contains(IPV4_ROUTE), () -> "routes: " + routes());
            assertFalse(RouteTable.read().contains(IPV6_ROUTE), () -> "routes: " + routes());
            assertFalse(RouteConfig.delete(IPV4_ROUTE), "no such device: ENODEV");
            assertFalse(RouteConfig.delete(IPV6_ROUTE), "no such device: ENODEV");
        });
    }

    @Test
    void theSameRouteTwiceFailsWithEexistAndLeaksNoSocket() throws Exception {
        IsolatedNetwork.run(() -> {
            try (TunDevice device = TunDevice.open(NAME, false)) {
                InterfaceConfig.configure(device.name(), IPV4_ADDRESS, 24, 1500);
                RouteConfig.add(IPV4_ROUTE);
                assertThrows(NativeException.class, () -> RouteConfig.add(IPV4_ROUTE)); // loads the failure's classes
                long socketsBefore = OpenFds.sockets();

                NativeException e = assertThrows(NativeException.class, () -> RouteConfig.add(IPV4_ROUTE));

                assertEquals(socketsBefore, OpenFds.sockets(), "the control socket is closed");
                assertSame(Errno.EEXIST, e.errno());
                assertEquals("ioctl(SIOCADDRT 10.9.0.0/16 dev " + NAME + "): " + Errno.EEXIST.description()
                        + " (EEXIST): the routing table has this route already", e.getMessage());
            }
        });
    }

    @Test
    void aDeviceThatIsDownGetsNoRoute() throws Exception {
        IsolatedNetwork.run(() -> {
            try (TunDevice device = TunDevice.open(NAME, false)) {
                NativeException e = assertThrows(NativeException.class, () -> RouteConfig.add(IPV4_ROUTE));

                assertSame(Errno.ENETDOWN, e.errno());
                assertTrue(e.getMessage().endsWith(": the device is down"), e.getMessage());
            }
        });
    }

    @Test
    void aDeviceThatDoesNotExistFailsWithEnodev() throws Exception {
        IsolatedNetwork.run(() -> {
            NativeException ipv4 = assertThrows(NativeException.class, () -> RouteConfig.add(IPV4_ROUTE));
            NativeException ipv6 = assertThrows(NativeException.class, () -> RouteConfig.add(IPV6_ROUTE));

            assertSame(Errno.ENODEV, ipv4.errno());
            assertSame(Errno.ENODEV, ipv6.errno());
        });
    }

    @Test
    void argumentsAreCheckedBeforeAnySystemCall() {
        // Needs no root: nothing reaches the kernel.
        IllegalArgumentException hostBits = assertThrows(IllegalArgumentException.class,
                () -> RouteConfig.add(new Route(NAME, new byte[] {10, 9, 0, 1}, 16)));
        assertEquals("10.9.0.1/16 dev " + NAME + " has host bits set (expected: the prefix's first address)",
                hostBits.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RouteConfig.add(new Route(NAME, new byte[4], 33)));
        assertThrows(IllegalArgumentException.class, () -> RouteConfig.add(new Route("a/b", new byte[4], 8)));
    }

    private static String routes() {
        try {
            return RouteTable.read().toString();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
