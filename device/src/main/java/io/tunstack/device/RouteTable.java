package io.tunstack.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The routes of the calling thread's network namespace, read from {@code /proc/thread-self/net/route} and
 * {@code /proc/thread-self/net/ipv6_route} (the kernel's own text tables; no netlink, no {@code ip}). What tunstack
 * reads before it configures a subnet, to refuse one that another interface already uses.
 */
public final class RouteTable {

    private static final Path IPV4 = Path.of("/proc/thread-self/net/route");
    private static final Path IPV6 = Path.of("/proc/thread-self/net/ipv6_route");

    private RouteTable() {
    }

    /** Every IPv4 and IPv6 route of the namespace; a family the kernel does not have has none. */
    public static List<Route> read() throws IOException {
        return parse(readIfPresent(IPV4), readIfPresent(IPV6));
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
