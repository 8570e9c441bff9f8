package io.tunstack.device;

import jnr.ffi.Struct;

/**
 * {@code struct ifconf} from {@code <linux/if.h>}, 16 bytes on 64-bit Linux: the argument of {@code SIOCGIFCONF},
 * which fills a caller's buffer with one {@code struct ifreq} per IPv4 address ({@code inet_gifconf()},
 * {@code net/ipv4/devinet.c}): the address's label (the device's name, or {@code eth0:1} for a labelled one) and the
 * address as a {@code sockaddr_in}.
 *
 * <pre>
 * struct ifconf {
 *     int ifc_len;                // 0..4   in: the buffer's size; out: the bytes filled
 *     union {
 *         char         *ifcu_buf; // 8..16  (aligned to 8)
 *         struct ifreq *ifcu_req;
 *     } ifc_ifcu;
 * };
 * </pre>
 */
final class IfConf extends Struct {

    /** {@code sizeof(struct ifconf)} on 64-bit Linux. */
    static final int SIZE = 16;

    /** {@code int ifc_len}. */
    final Signed32 ifc_len = new Signed32();
    /** {@code char *ifcu_buf}: an array of {@link IfReq}s. */
    final Pointer ifc_buf = new Pointer();

    IfConf() {
        super(Native.RUNTIME);
    }
}
