package io.tunstack.device;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * The routes of the calling thread's network namespace, read from {@code /proc/thread-self/net/route} and
 * {@code /proc/thread-self/net/ipv6_route} (the kernel's own text tables; no netlink, no {@code ip}), and the host
 * route of each IPv4 address, from {@code SIOCGIFCONF}. What tunstack reads before it configures a subnet, to refuse
 * one that another interface already uses.
 *
 * <p>{@code ipv6_route} lists every table, an address's own route included. {@code route} lists the main table only:
 * an IPv4 address has its host route in the local table ({@code local 10.9.0.5 dev eth1 table local}), and a
 * {@code /32} or {@code noprefixroute} address has no other, so the addresses are read on their own.
 */
public final class RouteTable {

    private static final Path IPV4 = Path.of("/proc/thread-self/net/route");
    private static final Path IPV6 = Path.of("/proc/thread-self/net/ipv6_route");

    /** How many addresses the first {@code SIOCGIFCONF} makes room for; a full buffer is doubled and asked again. */
    private static final int FIRST_CAPACITY = 64;

    /** Where an ifreq's {@code sin_addr} is: after the name (16 bytes), {@code sin_family} and {@code sin_port}. */
    private static final int IFREQ_SIN_ADDR = Linux.IFNAMSIZ + 4;

    private RouteTable() {
    }

    /** Every IPv4 and IPv6 route of the namespace; a family the kernel does not have has none. */
    public static List<Route> read() throws IOException {
        List<Route> routes = parse(readIfPresent(IPV4), readIfPresent(IPV6));
        routes.addAll(ipv4HostRoutes());
        return routes;
    }

    /**
     * The local table's host route of every IPv4 address: {@code SIOCGIFCONF}, one {@code struct ifreq} per address,
     * its label (the device's name, {@code eth0:1} for a labelled address: the device is what comes before the colon)
     * and the address. A buffer the kernel filled to the end may have been too small: then again, twice as large.
     */
    static List<Route> ipv4HostRoutes() throws NativeException {
        try (ControlSocket socket = ControlSocket.inet()) {
            for (int capacity = FIRST_CAPACITY; ; capacity *= 2) {
                int size = capacity * IfReq.SIZE;
                Pointer buffer = Memory.allocateDirect(Native.RUNTIME, size, true);
                IfConf ifc = new IfConf();
                ifc.ifc_len.set(size);
                ifc.ifc_buf.set(buffer);
                socket.ioctl(Linux.SIOCGIFCONF, "SIOCGIFCONF", ifc);
                int filled = ifc.ifc_len.get();
                if (filled < size) {
                    return hostRoutes(buffer, filled);
                }
            }
        }
    }

    /** The {@code struct ifreq}s in the first {@code length} bytes of {@code buffer}, as host routes. */
    static List<Route> hostRoutes(Pointer buffer, int length) {
        List<Route> routes = new ArrayList<>();
        for (int offset = 0; offset + IfReq.SIZE <= length; offset += IfReq.SIZE) {
            String label = buffer.getString(offset, Linux.IFNAMSIZ, StandardCharsets.US_ASCII);
            int colon = label.indexOf(':');
            byte[] address = new byte[4];
            buffer.get(offset + IFREQ_SIN_ADDR, address, 0, address.length);
            routes.add(new Route(colon < 0 ? label : label.substring(0, colon), address, 32));
        }
        return routes;
    }

    private static String readIfPresent(Path path) throws IOException {
        try {
            return Files.readString(path);
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    /**
     * Parses the two tables' text. {@code /proc/net/route}: a header line, then per route the interface, the
     * destination and gateway as 8 hex digits in host (little-endian) order, flags, refcount, use, metric, the mask
     * (likewise), MTU, window, IRTT. {@code /proc/net/ipv6_route}: per route the destination (32 hex digits, network
     * order) and its prefix length (2 hex digits), the source and its length, the next hop, metric, refcount, use,
     * flags, and the interface.
     */
    static List<Route> parse(String ipv4Table, String ipv6Table) {
        List<Route> routes = new ArrayList<>();
        String[] ipv4Lines = ipv4Table.split("\n");
        for (int i = 1; i < ipv4Lines.length; i++) {
            String[] fields = ipv4Lines[i].trim().split("\\s+");
            if (fields.length < 8) {
                continue;
            }
            int destination = Integer.reverseBytes(Integer.parseUnsignedInt(fields[1], 16));
            int mask = Integer.reverseBytes(Integer.parseUnsignedInt(fields[7], 16));
            byte[] bytes = {(byte) (destination >>> 24), (byte) (destination >>> 16), (byte) (destination >>> 8),
                (byte) destination};
            routes.add(new Route(fields[0], bytes, Integer.bitCount(mask)));
        }
        for (String line : ipv6Table.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 10) {
                continue;
            }
            routes.add(new Route(fields[9], HexFormat.of().parseHex(fields[0]), Integer.parseInt(fields[1], 16)));
        }
        return routes;
    }
}
