package io.tunstack.device;

import jnr.ffi.Struct;

/**
 * {@code struct in6_rtmsg} from {@code <linux/ipv6_route.h>}, 80 bytes on 64-bit Linux: the argument of
 * {@code SIOCADDRT} and {@code SIOCDELRT} on an {@code AF_INET6} socket, which the kernel reads in
 * {@code rtmsg_to_fib6_config()} ({@code net/ipv6/route.c}). Like {@link In6IfReq}, it names the device by its index.
 *
 * <pre>
 * struct in6_rtmsg {
 *     struct in6_addr rtmsg_dst;      //  0..16  the prefix's first address, network byte order
 *     struct in6_addr rtmsg_src;      // 16..32  unused (source routing)
 *     struct in6_addr rtmsg_gateway;  // 32..48  unused without RTF_GATEWAY
 *     __u32           rtmsg_type;     // 48..52  0: the kernel makes it RTN_UNICAST
 *     __u16           rtmsg_dst_len;  // 52..54  the prefix length
 *     __u16           rtmsg_src_len;  // 54..56
 *     __u32           rtmsg_metric;   // 56..60  0: the kernel uses IP6_RT_PRIO_USER (1024), as ip -6 route add
 *     unsigned long   rtmsg_info;     // 64..72  (aligned to 8) expiry, 0 for none
 *     __u32           rtmsg_flags;    // 72..76  RTF_UP
 *     int             rtmsg_ifindex;  // 76..80  the device, from SIOCGIFINDEX
 * };
 * </pre>
 */
final class In6RtMsg extends Struct {

    /** {@code sizeof(struct in6_rtmsg)} on 64-bit Linux. */
    static final int SIZE = 80;

    /** {@code struct in6_addr rtmsg_dst}. */
    final In6IfReq.In6Addr rtmsg_dst = inner(new In6IfReq.In6Addr(getRuntime()));
    final In6IfReq.In6Addr rtmsg_src = inner(new In6IfReq.In6Addr(getRuntime()));
    final In6IfReq.In6Addr rtmsg_gateway = inner(new In6IfReq.In6Addr(getRuntime()));
    final Unsigned32 rtmsg_type = new Unsigned32();
    /** {@code __u16 rtmsg_dst_len}: 0..128. */
    final Unsigned16 rtmsg_dst_len = new Unsigned16();
    final Unsigned16 rtmsg_src_len = new Unsigned16();
    final Unsigned32 rtmsg_metric = new Unsigned32();
    final UnsignedLong rtmsg_info = new UnsignedLong();
    /** {@code __u32 rtmsg_flags}: {@code RTF_*}. */
    final Unsigned32 rtmsg_flags = new Unsigned32();
    /** {@code int rtmsg_ifindex}: the device. */
    final Signed32 rtmsg_ifindex = new Signed32();

    In6RtMsg() {
        super(Native.RUNTIME);
    }
}
