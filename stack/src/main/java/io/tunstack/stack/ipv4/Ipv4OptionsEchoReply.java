package io.tunstack.stack.ipv4;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.ipv4.Ipv4Options.Field;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.wire.Ipv4Packet;

/**
 * Turns the options of an echo request into the options of its reply, in place, the way Linux does.
 *
 * <p>RFC 1122 3.2.2.6: "If a Record Route and/or Time Stamp option is received in an ICMP Echo Request, this option
 * (these options) SHOULD be updated to include the current host and included in the IP header of the Echo Reply
 * message, without 'truncation'. Thus, the recorded route will be for the entire round trip."
 *
 * <p>Linux does this in three steps, which this class follows one by one:
 * <ol>
 *   <li>on arrival, {@code ip_options_compile()} records the receiving address in Record Route, stamps the
 *       Timestamp option (or counts its overflow when full);</li>
 *   <li>{@code ip_options_echo()} builds the reply's options from the updated request: Record Route, Timestamp, a
 *       reversed source route and CIPSO, in that order; every other option is left out, and the result is padded
 *       with End of Option List to a multiple of four octets. It reserves the next entry of Record Route and
 *       Timestamp for the reply, and gives up on the reply when an option has room left but not for a whole entry;
 *   </li>
 *   <li>at send time, {@code ip_options_build()} writes the reply's source address and the time into the reserved
 *       entries.</li>
 * </ol>
 * So a kernel's {@code ping -R} to a Linux host shows four addresses: the sender's on output, the responder's on
 * input, the responder's on output, the sender's on input. Source routes (dropped before, see
 * {@link Ipv4Options#hasSourceRoute}) and CIPSO (always rejected, see {@link Ipv4Options#validate}) never reach here.
 *
 * <p>Stateless and allocation-free: the options are rearranged inside the packet's own buffer.
 */
final class Ipv4OptionsEchoReply {

    private Ipv4OptionsEchoReply() {
    }

    /** See {@link Ipv4Options#updateForEchoReply}. */
    static boolean update(Ipv4Packet reply, int replyingAddress, int msSinceMidnightUt) {
        if (reply.optionsLength() == 0) {
            return true;
        }
        ByteBuf buf = reply.buffer();
        int start = reply.optionsOffset();
        int end = start + reply.optionsLength();
        int recordRoute = -1;
        int timestamp = -1;
        for (int option = start; option < end; ) {
            int type = buf.getUnsignedByte(option + Field.TYPE);
            if (type == Ipv4Options.END_OF_OPTION_LIST) {
                break;
            }
            if (type == Ipv4Options.NO_OPERATION) {
                option++;
                continue;
            }
            int length = Ipv4Options.saneLength(buf, option, end);
            if (length < 0) {
                return false;
            }
            if (type == Ipv4Options.RECORD_ROUTE) {
                recordRoute = option;
            } else if (type == Ipv4Options.TIMESTAMP) {
                timestamp = option;
            }
            option += length;
        }
        if (recordRoute >= 0 && !updateRecordRoute(buf, recordRoute, replyingAddress)) {
            return false;
        }
        if (timestamp >= 0 && !updateTimestamp(buf, timestamp, replyingAddress, msSinceMidnightUt)) {
            return false;
        }
        keepOnlyEchoedOptions(reply);
        return true;
    }

    /**
     * RFC 791, Record Route: "When an internet module routes a datagram it checks to see if the record route option
     * is present. If it is, it inserts its own internet address ... into the recorded route beginning at the octet
     * indicated by the pointer, and increments the pointer by four."
     */
    private static boolean updateRecordRoute(ByteBuf buf, int option, int replyingAddress) {
        int length = buf.getUnsignedByte(option + Field.LENGTH);
        int pointer = buf.getUnsignedByte(option + Field.POINTER);
        if (pointer > length) {
            // "If the route data area is already full ... forwarded without inserting the address."
            return true;
        }
        // Arrival (ip_options_compile): validate() made sure the entry fits.
        buf.setInt(option + pointer - 1, replyingAddress);
        pointer += Ipv4Options.ENTRY_LENGTH;
        if (pointer <= length) {
            // The reply (ip_options_echo, then ip_options_build): a partial entry makes Linux drop the reply.
            if (pointer + Ipv4Options.ENTRY_LENGTH - 1 > length) {
                return false;
            }
            buf.setInt(option + pointer - 1, replyingAddress);
            pointer += Ipv4Options.ENTRY_LENGTH;
        }
        buf.setByte(option + Field.POINTER, pointer);
        return true;
    }

    /**
     * RFC 791, Internet Timestamp: "The Timestamp is a right-justified, 32-bit timestamp in milliseconds since midnight
     * UT." "If there is no space ... the overflow count is incremented." Flags 0 record the time, flags 1 the
     * address then the time, flags 3 the time only where the prespecified address is this host's.
     */
    private static boolean updateTimestamp(ByteBuf buf, int option, int replyingAddress, int now) {
        int length = buf.getUnsignedByte(option + Field.LENGTH);
        int pointer = buf.getUnsignedByte(option + Field.POINTER);
        int overflowFlags = buf.getUnsignedByte(option + Field.OVERFLOW_FLAGS);
        int flags = overflowFlags & 0x0F;
        if (pointer > length) {
            // Full on arrival: count it (validate() rejected a counter of 15). The reply leaves it as it is.
            buf.setByte(option + Field.OVERFLOW_FLAGS, ((overflowFlags >>> 4) + 1) << 4 | flags);
            return true;
        }
        // Arrival (ip_options_compile); validate() made sure the entry fits.
        boolean needAddress = false;
        boolean needTime = false;
        switch (flags) {
            case Ipv4Options.TS_ONLY:
                buf.setInt(option + pointer - 1, now);
                pointer += Ipv4Options.ENTRY_LENGTH;
                needTime = true;
                break;
            case Ipv4Options.TS_AND_ADDRESS:
                buf.setInt(option + pointer - 1, replyingAddress);
                buf.setInt(option + pointer + 3, now);
                pointer += 2 * Ipv4Options.ENTRY_LENGTH;
                needAddress = true;
                needTime = true;
                break;
            case Ipv4Options.TS_PRESPECIFIED:
                if (namesThisHost(buf.getInt(option + pointer - 1), replyingAddress)) {
                    buf.setInt(option + pointer + 3, now);
                    pointer += 2 * Ipv4Options.ENTRY_LENGTH;
                    needTime = true;
                }
                break;
            default:
                // Linux accepts other flag values and leaves the option untouched, on arrival and in the reply.
                break;
        }
        if (pointer <= length) {
            // The reply (ip_options_echo reserves, ip_options_build fills).
            if (needAddress) {
                if (pointer + Ipv4Options.ENTRY_LENGTH - 1 > length) {
                    return false;
                }
                pointer += Ipv4Options.ENTRY_LENGTH;
            }
            if (needTime) {
                if (pointer + Ipv4Options.ENTRY_LENGTH - 1 > length) {
                    return false;
                }
                if (flags != Ipv4Options.TS_PRESPECIFIED) {
                    pointer += Ipv4Options.ENTRY_LENGTH;
                } else if (pointer + 2 * Ipv4Options.ENTRY_LENGTH - 1 <= length
                        && namesThisHost(buf.getInt(option + pointer - 1), replyingAddress)) {
                    pointer += 2 * Ipv4Options.ENTRY_LENGTH;
                } else {
                    needTime = false;
                }
            }
            if (needAddress) {
                buf.setInt(option + pointer - 2 * Ipv4Options.ENTRY_LENGTH - 1, replyingAddress);
            }
            if (needTime) {
                buf.setInt(option + pointer - Ipv4Options.ENTRY_LENGTH - 1, now);
            }
        }
        buf.setByte(option + Field.POINTER, pointer);
        return true;
    }

    /**
     * Whether a prespecified Timestamp address asks this host for its time. Linux stamps unless
     * {@code inet_addr_type()} calls the address {@code RTN_UNICAST}, that is unless it is a unicast address that is
     * not local: so it also stamps 0.0.0.0/8, 255.255.255.255 and multicast addresses. (A subnet broadcast address,
     * local to Linux, is not known here and is not stamped.)
     */
    private static boolean namesThisHost(int address, int replyingAddress) {
        return address == replyingAddress || Ipv4Address.isThisNetwork(address)
                || Ipv4Address.isLimitedBroadcast(address) || Ipv4Address.isMulticast(address);
    }

    /**
     * Rewrites the option area as {@code ip_options_echo()} does: Record Route first, then Timestamp, nothing else,
     * padded with End of Option List to a multiple of four octets. When that makes the header shorter, the data
     * moves up behind it and IHL, Total Length, the view and the buffer's writer index follow.
     */
    private static void keepOnlyEchoedOptions(Ipv4Packet reply) {
        ByteBuf buf = reply.buffer();
        int start = reply.optionsOffset();
        int oldLength = reply.optionsLength();
        int end = start + oldLength;
        int write = start;
        int recordRouteAt = -1;
        int timestampAt = -1;
        for (int read = start; read < end; ) {
            int type = buf.getUnsignedByte(read + Field.TYPE);
            if (type == Ipv4Options.END_OF_OPTION_LIST) {
                break;
            }
            if (type == Ipv4Options.NO_OPERATION) {
                read++;
                continue;
            }
            int length = Ipv4Options.saneLength(buf, read, end);
            if (length < 0) {
                break;
            }
            if (type == Ipv4Options.RECORD_ROUTE || type == Ipv4Options.TIMESTAMP) {
                if (type == Ipv4Options.RECORD_ROUTE) {
                    recordRouteAt = write;
                } else {
                    timestampAt = write;
                }
                moveDown(buf, read, write, length);
                write += length;
            }
            read += length;
        }
        if (recordRouteAt > timestampAt && timestampAt >= 0) {
            // [Timestamp][Record Route] -> [Record Route][Timestamp], by three reversals.
            int split = recordRouteAt;
            reverse(buf, start, split);
            reverse(buf, split, write);
            reverse(buf, start, write);
        }
        int newLength = (write - start + 3) & ~3;
        buf.setZero(write, start + newLength - write);
        int shrink = oldLength - newLength;
        if (shrink > 0) {
            int payloadLength = reply.payloadLength();
            moveDown(buf, end, start + newLength, payloadLength);
            int totalLength = reply.totalLength() - shrink;
            reply.setIhl((Ipv4Packet.MIN_HEADER_LENGTH + newLength) / 4);
            reply.setTotalLength(totalLength);
            reply.wrap(buf, reply.base(), totalLength);
            buf.writerIndex(reply.end());
        }
        reply.fillHeaderChecksum();
    }

    /**
     * Copies {@code length} bytes from {@code from} down to {@code to <= from} within one buffer. Copying upwards in
     * address order is safe for overlapping ranges when the destination lies below the source.
     */
    private static void moveDown(ByteBuf buf, int from, int to, int length) {
        if (from == to) {
            return;
        }
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            buf.setLong(to + i, buf.getLong(from + i));
        }
        for (; i < length; i++) {
            buf.setByte(to + i, buf.getByte(from + i));
        }
    }

    private static void reverse(ByteBuf buf, int from, int to) {
        for (int i = from, j = to - 1; i < j; i++, j--) {
            byte b = buf.getByte(i);
            buf.setByte(i, buf.getByte(j));
            buf.setByte(j, b);
        }
    }
}
