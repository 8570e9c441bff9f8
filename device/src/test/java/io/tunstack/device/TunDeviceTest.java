package io.tunstack.device;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jnr.constants.platform.Errno;
import org.junit.jupiter.api.Test;

/**
 * A real tun device, TUN and TAP, always inside a network namespace of the test's own ({@link IsolatedNetwork}). Needs
 * root and {@code /dev/net/tun}: without them the tests skip, or fail with {@code CI=true} ({@link Prerequisites}).
 */
class TunDeviceTest {

    private static final String NAME = "tstun0";
    private static final String TAP_NAME = "tstap0";
    /** A neighbour's MAC address, locally administered (the U/L bit, 0x02 in the first byte). */
    private static final long PEER_MAC = 0x02_00_00_00_00_01L;
    private static final int ETHERNET_HEADER_LENGTH = 14;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_ARP = 0x0806;
    private static final long BROADCAST_MAC = 0xff_ff_ff_ff_ff_ffL;
    private static final int ADDRESS = 0xac151617; // 172.21.22.23
    private static final int PEER = 0xac15161a; // 172.21.22.26, routed through the device
    private static final int MTU = 1400;
    private static final int IPPROTO_UDP = 17;

    @Test
    void opensTheNamedDeviceAndRemovesItOnClose() throws Exception {
        IsolatedNetwork.run(() -> {
            try (TunDevice device = TunDevice.open(NAME, false)) {
                assertEquals(NAME, device.name());
                assertEquals(0, InterfaceConfig.flags(NAME) & Linux.IFF_UP, "a new device is down");
            }
            NativeException gone = assertThrows(NativeException.class, () -> InterfaceConfig.flags(NAME));
            assertSame(Errno.ENODEV, gone.errno());
        });
    }

    @Test
    void theTunFdIsNonBlockingAndCloseOnExec() throws Exception {
        IsolatedNetwork.run(() -> {
            try (TunDevice device = TunDevice.open(NAME, false)) {
                int statusFlags = Native.LIBC.fcntl(device.fd(), Linux.F_GETFL, 0);
                int fdFlags = Native.LIBC.fcntl(device.fd(), Linux.F_GETFD, 0);
                assertTrue(statusFlags >= 0 && fdFlags >= 0, "fcntl errno " + Native.errno());
                assertEquals(Linux.O_NONBLOCK, statusFlags & Linux.O_NONBLOCK, "O_NONBLOCK: read() never blocks");
                assertEquals(Linux.O_RDWR, statusFlags & Linux.O_RDWR, "O_RDWR");
                assertEquals(Linux.FD_CLOEXEC, fdFlags & Linux.FD_CLOEXEC, "FD_CLOEXEC");
            }
        });
    }

    @Test
    void anEmptyNameLetsTheKernelChoose() throws Exception {
        IsolatedNetwork.run(() -> {
            try (TunDevice device = TunDevice.open("", false)) {
                assertTrue(device.name().matches("tun\\d+"), device.name());
            }
        });
    }

    @Test
    void configuresAddressNetmaskMtuAndLinkUp() throws Exception {
        IsolatedNetwork.run(() -> {
            try (TunDevice device = TunDevice.open(NAME, false)) {
                InterfaceConfig.configure(device.name(), ADDRESS, 24, MTU);

                assertEquals(ADDRESS, InterfaceConfig.address(NAME));
                assertEquals(0xffffff00, InterfaceConfig.netmask(NAME));
                assertEquals(MTU, InterfaceConfig.mtu(NAME));
                int flags = InterfaceConfig.flags(NAME);
                assertEquals(Linux.IFF_UP, flags & Linux.IFF_UP, "IFF_UP");
                assertEquals(Linux.IFF_RUNNING, flags & Linux.IFF_RUNNING, "IFF_RUNNING: the open fd is the carrier");
                assertTrue(InterfaceConfig.isUp(NAME));
            }
        });
    }

    @Test
    void awaitRunningSeesALinkRunOnceItIsUpAndGivesUpAtOnceOnALinkThatIsDown() throws Exception {
        IsolatedNetwork.run(() -> {
            try (TunDevice device = TunDevice.open(TAP_NAME, LinkType.ETHERNET, false)) {
                long start = System.nanoTime();
                assertFalse(InterfaceConfig.awaitRunning(TAP_NAME, Duration.ofSeconds(10)), "down: nothing to wait for");
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "returned at once");

                InterfaceConfig.configure(TAP_NAME, ADDRESS, 24, MTU);

                assertTrue(InterfaceConfig.awaitRunning(TAP_NAME, Duration.ofSeconds(3)));
                assertEquals(Linux.IFF_RUNNING, InterfaceConfig.flags(TAP_NAME) & Linux.IFF_RUNNING);
            }
        });
    }

    @Test
    void aTunDeviceIsARawIpLinkThatKnowsItsMtu() throws Exception {
        IsolatedNetwork.run(() -> {
            try (Link link = TunDevice.open(NAME, false)) {
                assertEquals(NAME, link.name());
                assertSame(LinkType.RAW_IP, link.type());
                assertEquals(101, link.type().pcapLinkType(), "LINKTYPE_RAW");
                assertEquals(OptionalInt.of(1500), link.mtu(), "a new tun device's MTU");

                InterfaceConfig.configure(NAME, ADDRESS, 24, MTU);

                assertEquals(OptionalInt.of(MTU), link.mtu(), "asked each time");
            }
        });
    }

    @Test
    void anInvalidMtuNamesTheIoctl() throws Exception {
        IsolatedNetwork.run(() -> {
            try (TunDevice device = TunDevice.open(NAME, false)) {
                NativeException e = assertThrows(NativeException.class,
                        () -> InterfaceConfig.configure(device.name(), ADDRESS, 24, 70_000));
                assertSame(Errno.EINVAL, e.errno());
                assertEquals("ioctl", e.syscall());
                assertEquals("SIOCSIFMTU " + NAME, e.argument());
            }
        });
    }

    @Test
    void readsAPacketTheKernelRoutesToTheDevice() throws Exception {
        IsolatedNetwork.run(() -> {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(2048);
            try (Link link = TunDevice.open(NAME, false);
                    DatagramSocket socket = new DatagramSocket()) {
                InterfaceConfig.configure(NAME, ADDRESS, 24, MTU);
                byte[] payload = "tunstack".getBytes(StandardCharsets.US_ASCII);
                socket.send(new DatagramPacket(payload, payload.length, inet(PEER), 9));

                ByteBuf udp = readUdpTo(link, buf, PEER);
                assertEquals(ADDRESS, udp.getInt(12), "IPv4 source: our address");
                int headerLength = (udp.getByte(0) & 0x0f) * 4;
                assertEquals(9, udp.getUnsignedShort(headerLength + 2), "UDP destination port");
                assertEquals(8 + payload.length, udp.getUnsignedShort(headerLength + 4), "UDP length");
                assertEquals("tunstack", udp.toString(headerLength + 8, payload.length, StandardCharsets.US_ASCII));
                assertEquals(0, buf.readerIndex(), "read() does not move the reader index");
                assertEquals(udp.readableBytes(), buf.writerIndex(), "read() advances the writer index");
            } finally {
                buf.release();
            }
            assertEquals(0, buf.refCnt());
        });
    }

    @Test
    void writesAPacketTheKernelDelivers() throws Exception {
        IsolatedNetwork.run(() -> {
            ByteBuf packet = PooledByteBufAllocator.DEFAULT.directBuffer(64);
            try (TunDevice device = TunDevice.open(NAME, false);
                    DatagramSocket socket = new DatagramSocket(new InetSocketAddress(inet(ADDRESS), 0))) {
                Link link = device;
                InterfaceConfig.configure(NAME, ADDRESS, 24, MTU);
                socket.setSoTimeout(5_000);
                byte[] payload = "reply".getBytes(StandardCharsets.US_ASCII);
                writeUdp(packet, PEER, ADDRESS, socket.getLocalPort(), payload);
                int readerIndex = packet.readerIndex();

                link.write(packet);

                assertEquals(readerIndex, packet.readerIndex(), "write() does not move the reader index");
                DatagramPacket received = new DatagramPacket(new byte[64], 64);
                socket.receive(received);
                assertEquals("reply", new String(received.getData(), 0, received.getLength(),
                        StandardCharsets.US_ASCII));
                assertEquals(inet(PEER), received.getAddress());
                assertEquals(0, device.writeFailures());
            } finally {
                packet.release();
            }
            assertEquals(0, packet.refCnt());
        });
    }

    @Test
    void readingQueuedPacketsAllocatesNothing() throws Exception {
        IsolatedNetwork.run(() -> {
            // Leak detection off for this one buffer: at the paranoid level, its wrapper records every access.
            ByteBuf buf = new UnpooledByteBufAllocator(true, true).directBuffer(2048);
            try (Link link = TunDevice.open(NAME, false);
                    DatagramSocket socket = new DatagramSocket()) {
                InterfaceConfig.configure(NAME, ADDRESS, 24, MTU);
                int warmUp = 50;
                int measured = 200;
                DatagramPacket datagram = new DatagramPacket(new byte[56], 56, inet(PEER), 9);
                for (int i = 0; i < warmUp + measured; i++) { // fewer than the device's queue of 500
                    socket.send(datagram);
                }
                int missed = readPackets(link, buf, warmUp);
                com.sun.management.ThreadMXBean threads =
                        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

                long before = threads.getCurrentThreadAllocatedBytes();
                missed += readPackets(link, buf, measured);
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;

                assertEquals(0, missed, "every read returned a packet");
                assertTrue(allocated < measured, allocated + " bytes allocated for " + measured + " packets");
            } finally {
                buf.release();
            }
            assertEquals(0, buf.refCnt());
        });
    }

    @Test
    void readTimesOutWhenNothingComes() throws Exception {
        IsolatedNetwork.run(() -> {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(2048);
            try (Link link = TunDevice.open(NAME, false)) {
                // The link is down: the kernel sends nothing through it.
                assertEquals(Link.TIMED_OUT, link.read(buf, 50));
                assertEquals(Link.TIMED_OUT, link.read(buf, 0));
                assertEquals(0, buf.writerIndex());
            } finally {
                buf.release();
            }
        });
    }

    @Test
    void wakeupUnblocksAReadBlockedInAnotherThread() throws Exception {
        IsolatedNetwork.run(() -> {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(2048);
            try (Link link = TunDevice.open(NAME, false)) {
                CompletableFuture<Integer> blockedRead = new CompletableFuture<>();
                Thread reader = new Thread(() -> {
                    try {
                        blockedRead.complete(link.read(buf, -1));
                    } catch (Throwable t) {
                        blockedRead.completeExceptionally(t);
                    }
                }, "blocked-reader");
                reader.start();
                waitUntilBlocked(reader, link);

                link.wakeup();

                assertEquals(Link.WOKEN, blockedRead.get(10, TimeUnit.SECONDS));
                reader.join(10_000);
                assertEquals(Link.WOKEN, link.read(buf, -1), "a later read returns WOKEN too");
            } finally {
                buf.release();
            }
        });
    }

    @Test
    void aBusyNameFailsWithEbusyAndLeaksNoFd() throws Exception {
        IsolatedNetwork.run(() -> {
            try (TunDevice first = TunDevice.open(NAME, false)) {
                assertEquals(NAME, first.name());
                assertThrows(NativeException.class, () -> TunDevice.open(NAME, false)); // loads every class it needs
                long fdsBefore = OpenFds.tun();
                NativeException e = assertThrows(NativeException.class, () -> TunDevice.open(NAME, false));
                assertSame(Errno.EBUSY, e.errno());
                assertEquals("ioctl", e.syscall());
                assertEquals("TUNSETIFF " + NAME, e.argument());
                assertEquals(1, e.getMessage().lines().count(), e.getMessage());
                assertEquals(fdsBefore, OpenFds.tun(), "the fd of the failed open is closed");
            }
        });
    }

    @Test
    void withoutCapNetAdminTheErrorSaysSo() throws Exception {
        IsolatedNetwork.run(() -> {
            ThreadCapabilities.dropEffective(Prerequisites.CAP_NET_ADMIN);
            assertThrows(NativeException.class, () -> TunDevice.open(NAME, false)); // loads every class it needs
            long fdsBefore = OpenFds.tun();

            NativeException e = assertThrows(NativeException.class, () -> TunDevice.open(NAME, false));

            assertSame(Errno.EPERM, e.errno());
            assertEquals("ioctl(TUNSETIFF " + NAME + "): " + Errno.EPERM.description()
                    + " (EPERM): needs root or CAP_NET_ADMIN", e.getMessage());
            assertEquals(fdsBefore, OpenFds.tun(), "the fd of /dev/net/tun is closed");
        });
    }

    @Test
    void theNameOfAnotherKindOfDeviceIsRefused() throws Exception {
        IsolatedNetwork.run(() -> {
            NativeException e = assertThrows(NativeException.class, () -> TunDevice.open("lo", false));
            assertSame(Errno.EINVAL, e.errno());
            assertEquals("TUNSETIFF lo", e.argument());
        });
    }

    @Test
    void multiQueueAttachesSeveralQueuesToOneDevice() throws Exception {
        IsolatedNetwork.run(() -> {
            try (TunDevice first = TunDevice.open(NAME, true);
                    TunDevice second = TunDevice.open(NAME, true)) {
                assertEquals(NAME, first.name());
                assertEquals(NAME, second.name());
                assertNotEquals(first.toString(), second.toString(), "two fds");
                NativeException e = assertThrows(NativeException.class, () -> TunDevice.open(NAME, false));
                assertSame(Errno.EINVAL, e.errno(), "a single-queue open of a multi-queue device");
            }
        });
    }

    @Test
    void aTapDeviceIsAnEthernetLinkWithALocallyAdministeredAddress() throws Exception {
        IsolatedNetwork.run(() -> {
            try (Link link = TunDevice.open(TAP_NAME, LinkType.ETHERNET, false)) {
                assertEquals(TAP_NAME, link.name());
                assertSame(LinkType.ETHERNET, link.type());
                assertEquals(1, link.type().pcapLinkType(), "LINKTYPE_ETHERNET");
                assertEquals(Linux.ARPHRD_ETHER, InterfaceConfig.hardwareType(TAP_NAME), "ARPHRD_ETHER");
                long mac = InterfaceConfig.ethernetAddress(TAP_NAME);
                // eth_hw_addr_random(): the U/L bit set (locally administered), the I/G bit clear (unicast).
                assertEquals(0x02, (mac >>> 40) & 0x03, String.format("%012x", mac));
                assertEquals(OptionalInt.of(1500), link.mtu(), "the MTU without the Ethernet header");
            }
            NativeException gone = assertThrows(NativeException.class, () -> InterfaceConfig.flags(TAP_NAME));
            assertSame(Errno.ENODEV, gone.errno());
        });
    }

    @Test
    void aTunDeviceHasNoEthernetAddress() throws Exception {
        IsolatedNetwork.run(() -> {
            try (TunDevice device = TunDevice.open(NAME, false)) {
                assertEquals(Linux.ARPHRD_NONE, InterfaceConfig.hardwareType(NAME), "ARPHRD_NONE");
                NativeException e = assertThrows(NativeException.class, () -> InterfaceConfig.ethernetAddress(NAME));
                assertSame(Errno.EINVAL, e.errno());
            }
        });
    }

    @Test
    void anEmptyNameLetsTheKernelChooseATapName() throws Exception {
        IsolatedNetwork.run(() -> {
            try (TunDevice device = TunDevice.open("", LinkType.ETHERNET, false)) {
                assertTrue(device.name().matches("tap\\d+"), device.name());
            }
        });
    }

    @Test
    void theKernelResolvesANeighbourOnATapDeviceWithAnArpRequest() throws Exception {
        IsolatedNetwork.run(() -> {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(2048);
            try (Link link = TunDevice.open(TAP_NAME, LinkType.ETHERNET, false);
                    DatagramSocket socket = new DatagramSocket()) {
                InterfaceConfig.configure(TAP_NAME, ADDRESS, 24, MTU);
                long mac = InterfaceConfig.ethernetAddress(TAP_NAME);
                socket.send(new DatagramPacket(new byte[8], 8, inet(PEER), 9));

                // RFC 826: Ethernet header, then htype 1, ptype 0x0800, hlen 6, plen 4, op 1 (request), sha, spa, tha,
                // tpa. Bytes as the tap fd hands them out: no preamble, no frame check sequence.
                ByteBuf frame = LinkReads.readUntil(link, buf,
                        f -> f.getUnsignedShort(12) == ETHERTYPE_ARP, "ARP frame");
                int arp = ETHERNET_HEADER_LENGTH;
                assertAll(
                        () -> assertEquals(BROADCAST_MAC, mac(frame, 0), "destination: broadcast"),
                        () -> assertEquals(mac, mac(frame, 6), "source: the device's address"),
                        () -> assertEquals(1, frame.getUnsignedShort(arp), "hardware type: Ethernet"),
                        () -> assertEquals(ETHERTYPE_IPV4, frame.getUnsignedShort(arp + 2), "protocol type: IPv4"),
                        () -> assertEquals(1, frame.getUnsignedShort(arp + 6), "operation: request"),
                        () -> assertEquals(mac, mac(frame, arp + 8), "sender hardware address"),
                        () -> assertEquals(ADDRESS, frame.getInt(arp + 14), "sender protocol address"),
                        () -> assertEquals(PEER, frame.getInt(arp + 24), "target protocol address"));
            } finally {
                buf.release();
            }
            assertEquals(0, buf.refCnt());
        });
    }

    @Test
    void writesAnEthernetFrameTheKernelDelivers() throws Exception {
        IsolatedNetwork.run(() -> {
            ByteBuf frame = PooledByteBufAllocator.DEFAULT.directBuffer(128);
            try (TunDevice device = TunDevice.open(TAP_NAME, LinkType.ETHERNET, false);
                    DatagramSocket socket = new DatagramSocket(new InetSocketAddress(inet(ADDRESS), 0))) {
                InterfaceConfig.configure(TAP_NAME, ADDRESS, 24, MTU);
                socket.setSoTimeout(5_000);
                long mac = InterfaceConfig.ethernetAddress(TAP_NAME);
                frame.writeShort((int) (mac >>> 32)).writeInt((int) mac)
                        .writeShort((int) (PEER_MAC >>> 32)).writeInt((int) PEER_MAC)
                        .writeShort(ETHERTYPE_IPV4);
                ByteBuf packet = frame.slice(ETHERNET_HEADER_LENGTH, frame.capacity() - ETHERNET_HEADER_LENGTH)
                        .clear();
                writeUdp(packet, PEER, ADDRESS, socket.getLocalPort(),
                        "frame".getBytes(StandardCharsets.US_ASCII));
                frame.writerIndex(ETHERNET_HEADER_LENGTH + packet.writerIndex());

                device.write(frame);

                DatagramPacket received = new DatagramPacket(new byte[64], 64);
                socket.receive(received);
                assertEquals("frame", new String(received.getData(), 0, received.getLength(),
                        StandardCharsets.US_ASCII));
                assertEquals(inet(PEER), received.getAddress());
                assertEquals(0, frame.readerIndex(), "write() does not move the reader index");
            } finally {
                frame.release();
            }
            assertEquals(0, frame.refCnt());
        });
    }

    @Test
    void aTunDeviceCannotBeAttachedAsATap() throws Exception {
        IsolatedNetwork.run(() -> {
            try (TunDevice tun = TunDevice.open(NAME, false)) {
                NativeException e = assertThrows(NativeException.class,
                        () -> TunDevice.open(NAME, LinkType.ETHERNET, false));
                assertSame(Errno.EINVAL, e.errno(), "tun_set_iff(): the device's type differs");
                assertEquals("TUNSETIFF " + NAME, e.argument());
            }
        });
    }

    @Test
    void multiQueueAttachesSeveralQueuesToOneTapDevice() throws Exception {
        IsolatedNetwork.run(() -> {
            try (TunDevice first = TunDevice.open(TAP_NAME, LinkType.ETHERNET, true);
                    TunDevice second = TunDevice.open(TAP_NAME, LinkType.ETHERNET, true)) {
                assertEquals(TAP_NAME, second.name());
                assertSame(LinkType.ETHERNET, second.type());
                assertNotEquals(first.toString(), second.toString(), "two fds");
            }
        });
    }

    /** The 6-byte MAC address at {@code index}, as 48 bits. */
    private static long mac(ByteBuf frame, int index) {
        return (long) frame.getUnsignedShort(index) << 32 | frame.getUnsignedInt(index + 2);
    }

    /** Reads {@code count} packets into {@code buf}, each from its start; returns how many reads found none. */
    private static int readPackets(Link link, ByteBuf buf, int count) throws IOException {
        int missed = 0;
        for (int i = 0; i < count; i++) {
            buf.clear();
            if (link.read(buf, 1_000) <= 0) {
                missed++;
            }
        }
        return missed;
    }

    /** Reads until an IPv4 UDP packet to {@code destination} (skipping e.g. IPv6 router solicitations). */
    private static ByteBuf readUdpTo(Link link, ByteBuf buf, int destination) throws IOException {
        return LinkReads.readUntil(link, buf, packet -> (packet.getByte(0) >> 4) == 4
                && packet.getUnsignedByte(9) == IPPROTO_UDP && packet.getInt(16) == destination, "IPv4 UDP packet");
    }

    /** Writes an IPv4 + UDP packet (UDP checksum 0: "no checksum", allowed over IPv4 by RFC 768). */
    private static void writeUdp(ByteBuf packet, int source, int destination, int port, byte[] payload) {
        int totalLength = 20 + 8 + payload.length;
        packet.writeByte(0x45).writeByte(0).writeShort(totalLength)
                .writeShort(1).writeShort(0x4000)
                .writeByte(64).writeByte(IPPROTO_UDP).writeShort(0)
                .writeInt(source).writeInt(destination);
        packet.setShort(10, ipv4HeaderChecksum(packet));
        packet.writeShort(40000).writeShort(port).writeShort(8 + payload.length).writeShort(0).writeBytes(payload);
    }

    private static int ipv4HeaderChecksum(ByteBuf header) {
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += header.getUnsignedShort(i);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return ~sum & 0xffff;
    }

    private static void waitUntilBlocked(Thread reader, Link link) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (link.readPolls() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, link.readPolls(), "the reader found no packet and waits in poll()");
        assertTrue(reader.isAlive());
    }

    private static InetAddress inet(int address) throws IOException {
        return InetAddress.getByAddress(new byte[] {
            (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
    }
}
