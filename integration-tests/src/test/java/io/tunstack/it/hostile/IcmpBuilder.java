package io.tunstack.it.hostile;

import java.nio.ByteBuffer;

/**
 * Crafts one ICMP message (RFC 792). Every field starts correct; the checksum is computed last over whatever the
 * other fields are, unless it is set.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * |           Identifier          |        Sequence Number        |
 * |     Data ...
 * +-+-+-+-+-
 * </pre>
 */
final class IcmpBuilder {

    static final int HEADER_LENGTH = 8;
    static final int TYPE_ECHO_REPLY = 0;
    static final int TYPE_DESTINATION_UNREACHABLE = 3;
    static final int TYPE_ECHO_REQUEST = 8;
    static final int TYPE_PARAMETER_PROBLEM = 12;

    private int type = TYPE_ECHO_REQUEST;
    private int code;
    private Integer checksum;
    private int identifier;
    private int sequence;
    private byte[] data = pingData(56);

    /** An echo request as iputils ping sends it: 56 bytes of data, a 16-byte timeval then 0x10, 0x11... */
    static IcmpBuilder echoRequest(int identifier, int sequence) {
        IcmpBuilder builder = new IcmpBuilder();
        builder.identifier = identifier;
        builder.sequence = sequence;
        return builder;
    }

    /** The data of iputils ping for a payload of {@code length} bytes (length >= 16: the timeval, zero here). */
    static byte[] pingData(int length) {
        byte[] data = new byte[length];
        for (int i = 16; i < length; i++) {
            data[i] = (byte) (i - 16 + 0x10);
        }
        return data;
    }

    IcmpBuilder type(int value) {
        this.type = value;
        return this;
    }

    IcmpBuilder code(int value) {
        this.code = value;
        return this;
    }

    /** A fixed checksum instead of the computed one. */
    IcmpBuilder checksum(int value) {
        this.checksum = value;
        return this;
    }

    IcmpBuilder data(byte[] bytes) {
        this.data = bytes.clone();
        return this;
    }

    byte[] build() {
        ByteBuffer out = ByteBuffer.allocate(HEADER_LENGTH + data.length);
        out.put((byte) type).put((byte) code).putShort((short) 0);
        out.putShort((short) identifier).putShort((short) sequence).put(data);
        byte[] bytes = out.array();
        int sum = checksum != null ? checksum : InternetChecksum.of(bytes, 0, bytes.length);
        bytes[2] = (byte) (sum >>> 8);
        bytes[3] = (byte) sum;
        return bytes;
    }
}
