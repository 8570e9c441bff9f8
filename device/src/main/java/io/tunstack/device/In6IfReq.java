package io.tunstack.device;

import jnr.ffi.Runtime;
import jnr.ffi.Struct;

/**
 * {@code struct in6_ifreq} from {@code <linux/ipv6.h>}, 24 bytes: the argument of {@code SIOCSIFADDR} on an
 * {@code AF_INET6} socket, which the kernel reads in {@code addrconf_add_ifaddr()} ({@code net/ipv6/addrconf.c}).
 * Unlike {@code struct ifreq}, it names the device by its index, not by its name.
 *
 * <pre>
 * struct in6_ifreq {
 *     struct in6_addr ifr6_addr;       //  0..16, network byte order
 *     __u32           ifr6_prefixlen;  // 16..20
 *     int             ifr6_ifindex;    // 20..24, from SIOCGIFINDEX
 * };
 * </pre>
 */
final class In6IfReq extends Struct {

    /** {@code sizeof(struct in6_ifreq)}. */
    static final int SIZE = 24;

    /** {@code struct in6_addr ifr6_addr}. */
    final In6Addr ifr6_addr = inner(new In6Addr(getRuntime()));

    /** {@code __u32 ifr6_prefixlen}: 0..128. */
    final Unsigned32 ifr6_prefixlen = new Unsigned32();

    /** {@code int ifr6_ifindex}: the device. */
    final Signed32 ifr6_ifindex = new Signed32();

    In6IfReq() {
        super(Native.RUNTIME);
    }

    /** {@code struct in6_addr} from {@code <linux/in6.h>}: 16 bytes, in network byte order. */
    static final class In6Addr extends Struct {

        /** {@code sizeof(struct in6_addr)}. */
        static final int SIZE = 16;

        /** {@code __u8 s6_addr[16]}, the union member that views the address as bytes. */
        final Unsigned8[] s6_addr = array(new Unsigned8[SIZE]);

        In6Addr(Runtime runtime) {
            super(runtime);
        }

        /** Sets the 16 bytes of {@code address}, most significant first, as written in text. */
        void set(byte[] address) {
            for (int i = 0; i < SIZE; i++) {
                s6_addr[i].set(Byte.toUnsignedInt(address[i]));
            }
        }

        /** The 16 bytes, most significant first. */
        byte[] get() {
            byte[] address = new byte[SIZE];
            for (int i = 0; i < SIZE; i++) {
                address[i] = (byte) s6_addr[i].get();
            }
            return address;
        }
    }
}
