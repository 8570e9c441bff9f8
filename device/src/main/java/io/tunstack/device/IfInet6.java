package io.tunstack.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The IPv6 addresses of the calling thread's network namespace, from {@code /proc/thread-self/net/if_inet6}, the
 * netlink-free way to read them back. {@code /proc/net} would show the namespace of the process's first thread, not
 * the one the calling thread is in (after {@code --netns}, or in the tests' isolated namespaces).
 *
 * <p>A line, written by {@code if6_seq_show()} ({@code net/ipv6/addrconf.c}), all numbers in hex:
 * <pre>
 * fd000172002100220000000000000023 05 40 00 80   tun0
 * address                          ifindex prefix-length scope flags name
 * </pre>
 */
public record IfInet6(byte[] address, int ifindex, int prefixLength, int scope, int flags, String name) {

    /** {@code IFA_F_TENTATIVE} from {@code <linux/if_addr.h>}: Duplicate Address Detection has not finished. */
    public static final int IFA_F_TENTATIVE = 0x40;
    /** {@code IFA_F_PERMANENT}: added by an administrator, not learned. */
    public static final int IFA_F_PERMANENT = 0x80;
    /** The scope of a global address (RFC 4291 2.5.4; ULAs too): what tunstack answers for. */
    public static final int SCOPE_GLOBAL = 0;

    @Override
    public byte[] address() {
        return address.clone();
    }

    private static final Path FILE = Path.of("/proc/thread-self/net/if_inet6");

    /** Every address of the device {@code name}. */
    public static List<IfInet6> of(String name) throws IOException {
        List<IfInet6> addresses = new ArrayList<>();
        if (!Files.exists(FILE)) {
            return addresses; // the kernel has no IPv6
        }
        for (String line : Files.readAllLines(FILE)) {
            String[] fields = line.trim().split("\\s+");
            IfInet6 entry = new IfInet6(HexFormat.of().parseHex(fields[0]), Integer.parseInt(fields[1], 16),
                    Integer.parseInt(fields[2], 16), Integer.parseInt(fields[3], 16), Integer.parseInt(fields[4], 16),
                    fields[5]);
            if (entry.name.equals(name)) {
                addresses.add(entry);
            }
        }
        return addresses;
    }
}
