package io.tunstack.stack.wire;

import io.tunstack.stack.verdict.DropReason;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An ICMPv4 echo message as a value (smoltcp's {@code Icmpv4Repr}): for tests and traces, where readability beats
 * speed. The hot path stays on {@link Icmpv4Packet}; a Repr copies the data.
 */
public sealed interface Icmpv4Repr {

    /** The ICMP type this value emits. */
    int type();

    /** The identifier. */
    int identifier();

    /** The sequence number. */
    int sequenceNumber();

    /** A copy of the data. */
    byte[] data();

    /** The length of the emitted message: the 8-byte header plus the data. */
    default int bufferLength() {
        return Icmpv4Packet.HEADER_LENGTH + data().length;
    }

    /**
     * Writes this message into {@code packet} (wrapped over at least {@link #bufferLength()} bytes), checksum
     * included.
     */
    default void emit(Icmpv4Packet packet) {
        packet.setType(type());
        packet.setCode(0);
        packet.setIdentifier(identifier());
        packet.setSequenceNumber(sequenceNumber());
        packet.buffer().setBytes(packet.dataOffset(), data());
        packet.fillChecksum();
    }

    /**
     * Parses a checked-length {@code packet} whose checksum verifies, of type echo request or echo reply with code 0.
     *
     * @throws IllegalArgumentException saying what is wrong otherwise (Reprs are for tests and traces, not the hot
     *     path, which counts drops instead)
     */
    static Icmpv4Repr parse(Icmpv4Packet packet) {
        DropReason length = packet.checkLength();
        if (length != null) {
            throw new IllegalArgumentException("not an ICMP message: " + length.description());
        }
        if (!packet.verifyChecksum()) {
            throw new IllegalArgumentException(
                    "ICMP checksum does not verify: 0x" + Integer.toHexString(packet.checksum()));
        }
        if (packet.code() != 0) {
            throw new IllegalArgumentException("ICMP code: " + packet.code() + " (expected: 0)");
        }
        byte[] data = new byte[packet.dataLength()];
        packet.buffer().getBytes(packet.dataOffset(), data);
        switch (packet.type()) {
            case Icmpv4Type.ECHO_REQUEST:
                return new EchoRequest(packet.identifier(), packet.sequenceNumber(), data);
            case Icmpv4Type.ECHO_REPLY:
                return new EchoReply(packet.identifier(), packet.sequenceNumber(), data);
            default:
                throw new IllegalArgumentException("ICMP type: " + Icmpv4Type.name(packet.type())
                        + " (expected: echo-request or echo-reply)");
        }
    }

    /** Echo (type 8). */
    record EchoRequest(int identifier, int sequenceNumber, byte[] data) implements Icmpv4Repr {
        public EchoRequest {
            data = data.clone();
        }

        @Override
        public int type() {
            return Icmpv4Type.ECHO_REQUEST;
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        /** The reply RFC 792 prescribes: the same identifier, sequence number and data. */
        public EchoReply reply() {
            return new EchoReply(identifier, sequenceNumber, data);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof EchoRequest && identifier == ((EchoRequest) other).identifier
                    && sequenceNumber == ((EchoRequest) other).sequenceNumber
                    && Arrays.equals(data, ((EchoRequest) other).data);
        }

        @Override
        public int hashCode() {
            return (identifier * 31 + sequenceNumber) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "EchoRequest[id " + identifier + ", seq " + sequenceNumber + ", data "
                    + HexFormat.of().formatHex(data) + "]";
        }
    }

    /** Echo Reply (type 0). */
    record EchoReply(int identifier, int sequenceNumber, byte[] data) implements Icmpv4Repr {
        public EchoReply {
            data = data.clone();
        }

        @Override
        public int type() {
            return Icmpv4Type.ECHO_REPLY;
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof EchoReply && identifier == ((EchoReply) other).identifier
                    && sequenceNumber == ((EchoReply) other).sequenceNumber
                    && Arrays.equals(data, ((EchoReply) other).data);
        }

        @Override
        public int hashCode() {
            return (identifier * 31 + sequenceNumber) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "EchoReply[id " + identifier + ", seq " + sequenceNumber + ", data "
                    + HexFormat.of().formatHex(data) + "]";
        }
    }
}
