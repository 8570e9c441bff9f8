package io.tunstack.stack.trace;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.wire.TcpPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The options of a TCP header in words: as tcpdump lists them ({@code mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 10})
 * for {@code --trace}, and one row each for {@code --explain}. Reads the option bytes between the fixed header and the
 * data ({@link TcpPacket#optionsOffset()} to {@link TcpPacket#dataOffsetIndex()}); never throws.
 *
 * <p>RFC 9293 3.1: "Options may occupy space at the end of the TCP header ... An option may begin on any octet
 * boundary. There are two cases for the format of an option: Case 1: A single octet of option-kind. Case 2: An octet
 * of option-kind (Kind), an octet of option-length, and the actual option-data octets. The option-length counts the
 * two octets of option-kind and option-length as well as the option-data octets."
 */
final class TcpOptionText {

    /** RFC 9293 3.2: End of Option List, one octet. */
    static final int END_OF_OPTIONS = 0;
    /** RFC 9293 3.2: No-Operation, one octet. */
    static final int NO_OPERATION = 1;
    /** RFC 9293 3.2: Maximum Segment Size, length 4. */
    static final int MAXIMUM_SEGMENT_SIZE = 2;
    /** RFC 7323 2.2: Window Scale, length 3. */
    static final int WINDOW_SCALE = 3;
    /** RFC 2018 2: SACK-Permitted, length 2. */
    static final int SACK_PERMITTED = 4;
    /** RFC 2018 3: SACK, 8 bytes per block after kind and length. */
    static final int SACK = 5;
    /** RFC 7323 3.2: Timestamps, length 10. */
    static final int TIMESTAMPS = 8;

    /** One option: where it starts (absolute), its length in bytes, and its words for tcpdump and for people. */
    record Option(int index, int length, String brief, String meaning) {
    }

    private TcpOptionText() {
    }

    /** tcpdump's list of the options, without the brackets; {@code null} when the header has none. */
    static String brief(TcpPacket tcp) {
        List<Option> options = options(tcp);
        if (options.isEmpty()) {
            return null;
        }
        StringJoiner text = new StringJoiner(",");
        options.forEach(option -> text.add(option.brief()));
        return text.toString();
    }

    /** The options in header order; an option whose length is wrong ends the list as "bad opt". */
    static List<Option> options(TcpPacket tcp) {
        List<Option> options = new ArrayList<>();
        ByteBuf buffer = tcp.buffer();
        int end = tcp.dataOffsetIndex();
        int index = tcp.optionsOffset();
        while (index < end) {
            int kind = buffer.getUnsignedByte(index);
            if (kind == END_OF_OPTIONS) {
                options.add(new Option(index, end - index, "eol", "End of Option List (kind 0)"
                        + (end - index > 1 ? ", then " + (end - index - 1) + " bytes of padding" : "")));
                break;
            }
            if (kind == NO_OPERATION) {
                options.add(new Option(index, 1, "nop", "No-Operation (kind 1), aligns the next option"));
                index++;
                continue;
            }
            int length = index + 1 < end ? buffer.getUnsignedByte(index + 1) : 0;
            if (length < 2 || index + length > end) {
                options.add(new Option(index, end - index, "bad opt", "kind " + kind + ", length " + length
                        + ": runs past the header or is shorter than its kind and length (malformed)"));
                break;
            }
            options.add(option(buffer, index, kind, length));
            index += length;
        }
        return options;
    }

    private static Option option(ByteBuf buffer, int index, int kind, int length) {
        int data = index + 2;
        switch (kind) {
            case MAXIMUM_SEGMENT_SIZE:
                if (length == 4) {
                    int mss = buffer.getUnsignedShort(data);
                    return new Option(index, length, "mss " + mss,
                            "Maximum Segment Size (kind 2): at most " + mss + " bytes of data per segment");
                }
                break;
            case WINDOW_SCALE:
                if (length == 3) {
                    int shift = buffer.getUnsignedByte(data);
                    return new Option(index, length, "wscale " + shift, "Window Scale (kind 3): shift " + shift
                            + ", the peer's later windows count in units of " + (1L << Math.min(shift, 14)) + " bytes");
                }
                break;
            case SACK_PERMITTED:
                if (length == 2) {
                    return new Option(index, length, "sackOK", "SACK-Permitted (kind 4)");
                }
                break;
            case SACK: {
                StringJoiner blocks = new StringJoiner(" ");
                for (int block = data; block + 8 <= index + length; block += 8) {
                    blocks.add("{" + buffer.getUnsignedInt(block) + ":" + buffer.getUnsignedInt(block + 4) + "}");
                }
                return new Option(index, length, "sack " + (length - 2) / 8 + " " + blocks,
                        "SACK (kind 5): blocks received " + blocks);
            }
            case TIMESTAMPS:
                if (length == 10) {
                    long value = buffer.getUnsignedInt(data);
                    long echo = buffer.getUnsignedInt(data + 4);
                    return new Option(index, length, "TS val " + value + " ecr " + echo,
                            "Timestamps (kind 8): TSval " + value + ", TSecr " + echo);
                }
                break;
            default:
                return new Option(index, length, "unknown-" + kind, "kind " + kind + ", " + (length - 2)
                        + " data bytes, not one tunstack knows");
        }
        return new Option(index, length, "bad opt", "kind " + kind + " with length " + length + " (malformed)");
    }
}
