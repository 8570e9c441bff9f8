package io.tunstack.stack.ipv4;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.wire.Ipv4Packet;

/**
 * The IPv4 options of a received datagram (RFC 791 section 3.1): their layout, and the check that every option is
 * well-formed, decided byte for byte as Linux's {@code ip_options_compile()} decides it for a received packet.
 *
 * <p>An option is either a single octet (End of Option List, No Operation) or a type octet, a length octet that
 * counts the whole option, and {@code length - 2} data octets:
 *
 * <pre>
 *   +--------+--------+--------+---------//--------+
 *   |  type  | length | pointer|  data ...         |     (RR, TS, LSRR, SSRR carry a pointer)
 *   +--------+--------+--------+---------//--------+
 *    offset 0  offset 1 offset 2 offset 3
 * </pre>
 *
 * <p>{@link #validate} is a pure check: it reads the options and changes nothing. Updating Record Route and Timestamp
 * for an echo reply is {@link #updateForEchoReply}'s job. Policy that is not about form, such as dropping
 * source-routed datagrams, is separate ({@link #hasSourceRoute}).
 */
public final class Ipv4Options {

    /** What {@link #validate} returns when every option is well-formed. */
    public static final int VALID = -1;

    // Option types (RFC 791 section 3.1; RFC 1108 security, RFC 2113 router alert, CIPSO draft).
    /** End of Option List: one octet, ends the options. */
    public static final int END_OF_OPTION_LIST = 0;
    /** No Operation: one octet, used between options, for example to align the next one on 32 bits. */
    public static final int NO_OPERATION = 1;
    /** Record Route. */
    public static final int RECORD_ROUTE = 7;
    /** Internet Timestamp. */
    public static final int TIMESTAMP = 68;
    /** Loose Source and Record Route. */
    public static final int LOOSE_SOURCE_ROUTE = 131;
    /** Strict Source and Record Route. */
    public static final int STRICT_SOURCE_ROUTE = 137;
    /** Commercial IP Security Option (draft-ietf-cipso-ipsecurity). */
    public static final int CIPSO = 134;
    /** Router Alert (RFC 2113). */
    public static final int ROUTER_ALERT = 148;

    /** Offsets inside one option, from its type octet. */
    static final class Field {
        static final int TYPE = 0;
        static final int LENGTH = 1;
        /** RR, TS, LSRR, SSRR: "The pointer is relative to this option" (smallest legal value 4, 5 for TS). */
        static final int POINTER = 2;
        /** TS: overflow (upper nibble) and flags (lower nibble). */
        static final int OVERFLOW_FLAGS = 3;
        /** CIPSO: the 32-bit Domain of Interpretation follows the length. */
        static final int CIPSO_DOI = 2;

        private Field() {
        }
    }

    /** The option type's high bit (RFC 791: "1 bit copied flag, 2 bits option class, 5 bits option number"). */
    static final int COPIED_FLAG = 0x80;

    /** The smallest pointer of a route option (RR, LSRR, SSRR): it points past type, length and pointer. */
    static final int MIN_ROUTE_POINTER = 4;
    /** The smallest pointer of a Timestamp option: it points past type, length, pointer and overflow/flags. */
    static final int MIN_TIMESTAMP_POINTER = 5;
    /** An address or a timestamp: 32 bits. */
    static final int ENTRY_LENGTH = 4;

    // Timestamp flags (RFC 791): "0 -- time stamps only", "1 -- each timestamp is preceded with internet address of
    // the registering entity", "3 -- the internet address fields are prespecified".
    static final int TS_ONLY = 0;
    static final int TS_AND_ADDRESS = 1;
    static final int TS_PRESPECIFIED = 3;
    /** The overflow counter is 4 bits; Linux rejects a full option whose counter cannot count one more. */
    static final int MAX_OVERFLOW = 15;
    /** A CIPSO option is at least its 6-octet header (type, length, DOI) plus one 2-octet tag. */
    static final int MIN_CIPSO_LENGTH = 8;

    private Ipv4Options() {
    }

    /**
     * Checks every option of {@code ip}, in order, and stops at the first malformed one.
     *
     * <p>Precondition: {@code ip.checkLength()} returned {@code null} (the header lies within the bytes read).
     *
     * @return {@link #VALID}, or the offset of the offending octet from the start of the IP header: the value a
     *     Parameter Problem's pointer must carry (RFC 792: "the pointer identifies the octet of the original
     *     datagram's header where the error was detected")
     */
    public static int validate(Ipv4Packet ip) {
        ByteBuf buf = ip.buffer();
        int header = ip.base();
        int start = ip.optionsOffset();
        int end = start + ip.optionsLength();
        boolean seenRecordRoute = false;
        boolean seenTimestamp = false;
        boolean seenSourceRoute = false;
        boolean seenCipso = false;
        int option = start;
        while (option < end) {
            int type = buf.getUnsignedByte(option + Field.TYPE);
            if (type == END_OF_OPTION_LIST) {
                // RFC 791: "This option indicates the end of the option list." What follows is padding.
                return VALID;
            }
            if (type == NO_OPERATION) {
                option++;
                continue;
            }
            // The length octet must itself lie in the header, count at least type and length, and not run past the
            // header. Linux points at the type octet in all three cases.
            int length = saneLength(buf, option, end);
            if (length < 0) {
                return option - header;
            }
            int bad;
            switch (type) {
                case RECORD_ROUTE:
                    bad = seenRecordRoute ? option : checkRecordRoute(buf, option, length);
                    seenRecordRoute = true;
                    break;
                case TIMESTAMP:
                    bad = seenTimestamp ? option : checkTimestamp(buf, option, length);
                    seenTimestamp = true;
                    break;
                case LOOSE_SOURCE_ROUTE:
                case STRICT_SOURCE_ROUTE:
                    bad = checkSourceRoute(buf, option, length, seenSourceRoute);
                    seenSourceRoute = true;
                    break;
                case ROUTER_ALERT:
                    // RFC 2113: "Length: 4"; Linux rejects a shorter one at its length octet.
                    bad = length < 4 ? option + Field.LENGTH : VALID;
                    break;
                case CIPSO:
                    bad = seenCipso ? option : checkCipso(buf, option, length);
                    seenCipso = true;
                    break;
                default:
                    // RFC 1122 3.2.1.8: "The IP and transport layer MUST each interpret those IP options that they
                    // understand and silently ignore the others." Linux accepts unknown (and Security, Stream ID)
                    // options on input, unchecked beyond their length.
                    bad = VALID;
                    break;
            }
            if (bad != VALID) {
                return bad - header;
            }
            option += length;
        }
        return VALID;
    }

    /**
     * RFC 791, Record Route: "The pointer is relative to this option, and the smallest legal value for the pointer is
     * 4. ... If the route data area is already full (the pointer exceeds the length) the datagram is forwarded without
     * inserting the address into the recorded route." A pointer that is not full but leaves less than four octets is
     * rejected at the pointer octet, as Linux does.
     */
    private static int checkRecordRoute(ByteBuf buf, int option, int length) {
        if (length < 3) {
            return option + Field.LENGTH;
        }
        int pointer = buf.getUnsignedByte(option + Field.POINTER);
        if (pointer < MIN_ROUTE_POINTER) {
            return option + Field.POINTER;
        }
        if (pointer <= length && pointer + ENTRY_LENGTH - 1 > length) {
            return option + Field.POINTER;
        }
        return VALID;
    }

    /**
     * RFC 791, Internet Timestamp: "The Pointer is the number of octets from the beginning of this option to the end of
     * timestamps plus one ... The smallest legal value is 5. The timestamp area is full when the pointer is greater
     * than the length." When it is full, "the overflow count is incremented" (4 bits); Linux rejects a counter that
     * would wrap, at the overflow/flags octet. With room left, the next entry must fit: four octets, eight when an
     * address precedes the time (flags 1 and 3). Linux accepts any other flag value on input and leaves it untouched.
     */
    private static int checkTimestamp(ByteBuf buf, int option, int length) {
        if (length < 4) {
            return option + Field.LENGTH;
        }
        int pointer = buf.getUnsignedByte(option + Field.POINTER);
        if (pointer < MIN_TIMESTAMP_POINTER) {
            return option + Field.POINTER;
        }
        int overflowFlags = buf.getUnsignedByte(option + Field.OVERFLOW_FLAGS);
        if (pointer > length) {
            return overflowFlags >>> 4 == MAX_OVERFLOW ? option + Field.OVERFLOW_FLAGS : VALID;
        }
        if (pointer + ENTRY_LENGTH - 1 > length) {
            return option + Field.POINTER;
        }
        int flags = overflowFlags & 0x0F;
        boolean addressAndTime = flags == TS_AND_ADDRESS || flags == TS_PRESPECIFIED;
        if (addressAndTime && pointer + 2 * ENTRY_LENGTH - 1 > length) {
            return option + Field.POINTER;
        }
        return VALID;
    }

    /**
     * RFC 791, Loose and Strict Source Route: pointer rules as for Record Route ("the smallest legal value is 4").
     * RFC 1812 5.2.4.1 (quoted by Linux): a datagram with more than one source route option is rejected, at the
     * second option's type octet.
     */
    private static int checkSourceRoute(ByteBuf buf, int option, int length, boolean seenSourceRoute) {
        if (length < 3) {
            return option + Field.LENGTH;
        }
        if (buf.getUnsignedByte(option + Field.POINTER) < MIN_ROUTE_POINTER) {
            return option + Field.POINTER;
        }
        if (seenSourceRoute) {
            return option;
        }
        return VALID;
    }

    /**
     * CIPSO: Linux validates it against the configured Domains of Interpretation ({@code cipso_v4_validate}). A host
     * with none configured (tunstack has none) rejects an option shorter than its 8-octet minimum at the length
     * octet, and any other at the DOI field, because no DOI matches.
     */
    private static int checkCipso(ByteBuf buf, int option, int length) {
        return length < MIN_CIPSO_LENGTH ? option + Field.LENGTH : option + Field.CIPSO_DOI;
    }

    /**
     * Updates the options of an echo request that is being turned into its reply in its own buffer: Record Route and
     * Timestamp get this host's entries, on arrival and for the reply, and every other option is left out, as Linux
     * does (see {@code Ipv4OptionsEchoReply} for the steps and the RFC rules).
     *
     * <p>Preconditions: {@link #validate} returned {@link #VALID} and {@link #hasSourceRoute} is false. Call it before
     * the header's other fields are rewritten or after, in any order: it touches the options, IHL, Total Length and
     * the header checksum only. When the reply's options are shorter than the request's, the ICMP message moves up
     * behind them, {@code reply} is re-wrapped over the shorter datagram and the buffer's writer index is set to
     * {@code reply.end()}. The ICMP message itself is unchanged, so is its checksum. On return the header checksum is
     * valid; a caller that changes the header afterwards updates or recomputes it.
     *
     * @param replyingAddress the reply's source address, which is the request's destination
     * @param msSinceMidnightUt the time to record, see {@link #msSinceMidnightUt(long)}
     * @return {@code true} when the reply may be sent; {@code false} when Record Route or Timestamp had room left
     *     after this host's arrival entry, but not a whole entry for the reply. Linux's {@code ip_options_echo()}
     *     fails then, and {@code icmp_reply()} sends nothing: the caller drops the request and counts it. The
     *     options are partly updated in that case.
     */
    public static boolean updateForEchoReply(Ipv4Packet reply, int replyingAddress, int msSinceMidnightUt) {
        return Ipv4OptionsEchoReply.update(reply, replyingAddress, msSinceMidnightUt);
    }

    /**
     * The Timestamp option's time for a wall-clock instant: RFC 791, "a right-justified, 32-bit timestamp in
     * milliseconds since midnight UT". Inject the wall clock ({@code System::currentTimeMillis} in production) to keep
     * tests deterministic.
     */
    public static int msSinceMidnightUt(long epochMillis) {
        return (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);
    }

    private static final long MILLIS_PER_DAY = 24L * 60 * 60 * 1000;

    /**
     * Copies every option of {@code ip} whose copied flag is set into {@code destination} at {@code offset}, in order
     * and without padding, and returns the number of bytes written: the options of a fragment other than the first
     * when the header may shrink (RFC 791 section 3.2: "the option is copied into all fragments on fragmentation").
     * Like Linux's {@code ip_options_fragment()}, the walk stops at End of Option List and at the first option whose
     * length is not sane; nothing after it is copied. {@code ip} is only read.
     *
     * @param destination room for {@code ip.optionsLength()} bytes from {@code offset}
     */
    static int copyCopiedOptions(Ipv4Packet ip, byte[] destination, int offset) {
        ByteBuf buf = ip.buffer();
        int option = ip.optionsOffset();
        int end = option + ip.optionsLength();
        int written = 0;
        while (option < end) {
            int type = buf.getUnsignedByte(option + Field.TYPE);
            if (type == END_OF_OPTION_LIST) {
                break;
            }
            if (type == NO_OPERATION) {
                option++;
                continue;
            }
            int length = saneLength(buf, option, end);
            if (length < 0) {
                break;
            }
            if ((type & COPIED_FLAG) != 0) {
                buf.getBytes(option, destination, offset + written, length);
                written += length;
            }
            option += length;
        }
        return written;
    }

    /**
     * The length of the multi-octet option at {@code option}, or -1 when it is not sane (fewer than 2 octets left,
     * length below 2 or past {@code end}). The walkers of already validated options use it too, so that even a caller
     * who skipped {@link #validate} can never make them loop endlessly.
     */
    static int saneLength(ByteBuf buf, int option, int end) {
        int remaining = end - option;
        if (remaining < 2) {
            return -1;
        }
        int length = buf.getUnsignedByte(option + Field.LENGTH);
        return length < 2 || length > remaining ? -1 : length;
    }

    /**
     * Whether the (valid) options of {@code ip} carry Loose or Strict Source Route.
     *
     * <p>Linux drops such a datagram silently after its options passed {@code ip_options_compile} unless
     * {@code accept_source_route} is set on both "all" and the interface; "all" defaults to 0 on a host
     * (Documentation/networking/ip-sysctl: "default TRUE (router) FALSE (host)"). tunstack is a host and follows:
     * the caller drops the datagram and counts it. RFC 1122 3.3.5 would let a host accept it and reverse the route;
     * the source route is the classic spoofing tool, which is why hosts stopped doing so.
     *
     * <p>Precondition: {@link #validate} returned {@link #VALID}.
     */
    public static boolean hasSourceRoute(Ipv4Packet ip) {
        ByteBuf buf = ip.buffer();
        int option = ip.optionsOffset();
        int end = option + ip.optionsLength();
        while (option < end) {
            int type = buf.getUnsignedByte(option + Field.TYPE);
            if (type == END_OF_OPTION_LIST) {
                return false;
            }
            if (type == NO_OPERATION) {
                option++;
                continue;
            }
            if (type == LOOSE_SOURCE_ROUTE || type == STRICT_SOURCE_ROUTE) {
                return true;
            }
            int length = saneLength(buf, option, end);
            if (length < 0) {
                return false;
            }
            option += length;
        }
        return false;
    }
}
