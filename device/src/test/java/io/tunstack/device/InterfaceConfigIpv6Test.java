package io.tunstack.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import jnr.constants.platform.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * An IPv6 address added by {@link InterfaceConfig#addIpv6Address} to a real tun device, always inside a network
 * namespace of the test's own ({@link IsolatedNetwork}), and read back from the kernel's {@code if_inet6}.
 */
class InterfaceConfigIpv6Test {

    private static final String NAME = "tstun0";
    /** fd00:172:21:22::23. */
    private static final byte[] ADDRESS = ipv6(0x23);
    /** fd00:172:21:22::26, routed through the device by the prefix route. */
    private static final byte[] PEER = ipv6(0x26);
    private static final int IPV4_ADDRESS = 0xac151617; // 172.21.22.23
    private static final int MTU = 1400;
    private static final int IPPROTO_UDP = 17;

    @Test
    void anAddressAddedToADeviceThatIsDownReadsBackWithItsPrefixLength() throws Exception {
        IsolatedNetwork.run(() -> {
            try (TunDevice device = TunDevice.open(NAME, false)) {
                InterfaceConfig.addIpv6Address(device.name(), ADDRESS, 64);

                List<IfInet6> addresses = IfInet6.of(NAME);
                assertEquals(1, addresses.size(), "one address: a device that is down has no link-local yet");
                IfInet6 added = addresses.get(0);
                assertArrayEquals(ADDRESS, added.address());
                assertEquals(64, added.prefixLength());
                assertEquals(InterfaceConfig.index(NAME), added.ifindex());
                assertEquals(0, added.scope(), "global scope");
                // Permanent (a configured address, not from autoconfiguration). Whether it is still tentative on a
                // device that is down depends on when the kernel's DAD work runs; on an up device it never is (below).
                assertEquals(IfInet6.IFA_F_PERMANENT, added.flags() & IfInet6.IFA_F_PERMANENT, "permanent");
                assertEquals(0, InterfaceConfig.flags(NAME) & Linux.IFF_UP, "the link stays down");
            }
        });
    }

    @Test
    void theAddressIsUsableAtOnceOnAnUpDevice() throws Exception {
        IsolatedNetwork.run(() -> {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(2048);
            try (Link link = TunDevice.open(NAME, false);
                    DatagramSocket socket = new DatagramSocket()) {
                InterfaceConfig.configure(NAME, IPV4_ADDRESS, 24, MTU); // link up, as the program does it
                InterfaceConfig.addIpv6Address(NAME, ADDRESS, 64);

                // The kernel finishes "DAD" for a NOARP device in its address work queue, right after the ioctl:
                // the address is tentative for a moment at most, never for the second a real DAD probe takes
                // (dad_transmits 1 x retrans_time 1 s).
                long start = System.nanoTime();
                while (isTentative()) {
                    assertTrue(System.nanoTime() - start < 500_000_000L, "no DAD on an IFF_NOARP device");
                    Thread.sleep(5);
                }
                byte[] payload = {'t', 'u', 'n'};
                socket.send(new DatagramPacket(payload, payload.length, InetAddress.getByAddress(PEER), 9));

                ByteBuf udp = readUdpTo(link, buf, PEER);
                assertArrayEquals(ADDRESS, bytes(udp, 8, 16), "the kernel sends from the new address at once");
                assertEquals(9, udp.getUnsignedShort(40 + 2), "UDP destination port");
            } finally {
                buf.release();
            }
            assertEquals(0, buf.refCnt());
        });
    }

    @Test
    void aSecondAddressOfTheSameDeviceIsAddedBesideTheFirst() throws Exception {
        IsolatedNetwork.run(() -> {
            try (TunDevice device = TunDevice.open(NAME, false)) {
                InterfaceConfig.addIpv6Address(device.name(), ADDRESS, 64);
                InterfaceConfig.addIpv6Address(NAME, ipv6(0x99), 128);

                List<IfInet6> addresses = IfInet6.of(NAME);
                assertEquals(2, addresses.size());
                assertEquals(Set.of(64, 128), Set.of(addresses.get(0).prefixLength(), addresses.get(1).prefixLength()));
            }
        });
    }

    @Test
    void aDeviceThatDoesNotExistFailsWithEnodevAndLeaksNoSocket() throws Exception {
        IsolatedNetwork.run(() -> {
            NativeException e = failsClosingItsSockets(() -> InterfaceConfig.addIpv6Address(NAME, ADDRESS, 64));

            assertSame(Errno.ENODEV, e.errno());
            assertEquals("ioctl(SIOCGIFINDEX " + NAME + "): " + Errno.ENODEV.description()
                    + " (ENODEV): no such network interface", e.getMessage());
        });
    }

    @Test
    void aDeviceWithIpv6DisabledFailsWithEaccesAndLeaksNoSocket() throws Exception {
        IsolatedNetwork.run(() -> {
            try (TunDevice device = TunDevice.open(NAME, false)) {
                Sysctl.disableIpv6(device.name(), 1, Set.of(NAME));

                NativeException e = failsClosingItsSockets(
                        () -> InterfaceConfig.addIpv6Address(NAME, ADDRESS, 64));

                assertSame(Errno.EACCES, e.errno());
                assertEquals("ioctl(AF_INET6 SIOCSIFADDR " + NAME + "): " + Errno.EACCES.description()
                        + " (EACCES): IPv6 is disabled on this device or in this namespace (disable_ipv6=1)",
                        e.getMessage());
                assertEquals(List.of(), IfInet6.of(NAME));
            }
        });
    }

    @Test
    void anMtuBelowTheMinimumOfIpv6FailsWithEinval() throws Exception {
        IsolatedNetwork.run(() -> {
            try (TunDevice device = TunDevice.open(NAME, false)) {
                InterfaceConfig.configure(device.name(), IPV4_ADDRESS, 24, 1279);

                NativeException e = assertThrows(NativeException.class,
                        () -> InterfaceConfig.addIpv6Address(NAME, ADDRESS, 64));

                assertSame(Errno.EINVAL, e.errno());
                assertTrue(e.getMessage().endsWith(": the device's MTU is below 1280, the minimum of IPv6"),
                        e.getMessage());
            }
        });
    }

    @Test
    void theSameAddressTwiceFailsWithEexist() throws Exception {
        IsolatedNetwork.run(() -> {
            try (TunDevice device = TunDevice.open(NAME, false)) {
                InterfaceConfig.addIpv6Address(device.name(), ADDRESS, 64);

                NativeException e = assertThrows(NativeException.class,
                        () -> InterfaceConfig.addIpv6Address(NAME, ADDRESS, 64));

                assertSame(Errno.EEXIST, e.errno());
                assertEquals(1, IfInet6.of(NAME).size());
            }
        });
    }

    @Test
    void aMulticastAddressIsRefusedByTheKernel() throws Exception {
        IsolatedNetwork.run(() -> {
            try (TunDevice device = TunDevice.open(NAME, false)) {
                byte[] allNodes = new byte[16];
                allNodes[0] = (byte) 0xff;
                allNodes[1] = 0x02;
                allNodes[15] = 1; // ff02::1

                NativeException e = assertThrows(NativeException.class,
                        () -> InterfaceConfig.addIpv6Address(device.name(), allNodes, 64));

                assertSame(Errno.EADDRNOTAVAIL, e.errno());
            }
        });
    }

    @Test
    void argumentsAreCheckedBeforeAnySystemCall() {
        // Needs no root: nothing reaches the kernel.
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> InterfaceConfig.addIpv6Address(NAME, new byte[4], 24));
        assertEquals("IPv6 address of 4 bytes (expected: 16)", length.getMessage());
        IllegalArgumentException prefix = assertThrows(IllegalArgumentException.class,
                () -> InterfaceConfig.addIpv6Address(NAME, ADDRESS, 129));
        assertEquals("prefix length 129 (expected: 0..128)", prefix.getMessage());
        assertThrows(IllegalArgumentException.class, () -> InterfaceConfig.addIpv6Address(NAME, ADDRESS, -1));
        assertThrows(IllegalArgumentException.class, () -> InterfaceConfig.addIpv6Address("a/b", ADDRESS, 64));
    }

    /** Reads until an IPv6 UDP packet to {@code destination} (skipping the kernel's MLD reports and solicitations). */
    private static ByteBuf readUdpTo(Link link, ByteBuf buf, byte[] destination) throws IOException {
        return LinkReads.readUntil(link, buf, packet -> (packet.getByte(0) >> 4 & 0x0f) == 6
                && packet.getUnsignedByte(6) == IPPROTO_UDP && Arrays.equals(destination, bytes(packet, 24, 16)),
                "IPv6 UDP packet");
    }

    /**
     * Runs {@code call}, which must fail, twice: the first run loads every class the failure needs, so that the
     * count around the second sees only the sockets the call itself opened, which must all be closed again.
     */
    private static NativeException failsClosingItsSockets(Executable call) throws IOException {
        assertThrows(NativeException.class, call);
        long socketsBefore = OpenFds.sockets();

        NativeException e = assertThrows(NativeException.class, call);

        assertEquals(socketsBefore, OpenFds.sockets(), "the control sockets are closed");
        return e;
    }

    private static byte[] bytes(ByteBuf buf, int index, int length) {
        byte[] bytes = new byte[length];
        buf.getBytes(index, bytes);
        return bytes;
    }

    /** fd00:172:21:22::{@code last}. */
    private static byte[] ipv6(int last) {
        return new byte[] {(byte) 0xfd, 0x00, 0x01, 0x72, 0x00, 0x21, 0x00, 0x22, 0, 0, 0, 0, 0, 0, 0, (byte) last};
    }

    private static boolean isTentative() throws java.io.IOException {
        IfInet6 added = IfInet6.of(NAME).stream()
                .filter(entry -> Arrays.equals(ADDRESS, entry.address())).findFirst().orElseThrow();
        return (added.flags() & IfInet6.IFA_F_TENTATIVE) != 0;
    }
}
