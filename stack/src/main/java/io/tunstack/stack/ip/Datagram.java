package io.tunstack.stack.ip;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.address.IpFamily;
import io.tunstack.stack.wire.Checksum;

/**
 * What a network layer tells the protocol that a whole datagram carries: where the upper-layer message lies, who sent
 * it to whom, and from which address an answer will leave. Family-neutral: IPv4 and IPv6 fill the same fields, so
 * ICMPv4, ICMPv6 and later UDP and TCP are written once against this type.
 *
 * <p>Each network layer owns one instance and refills it for every datagram, so nothing is allocated per packet. A
 * handler reads it during {@link ProtocolHandler#receive} only and keeps no reference. Addresses are two longs each:
 * for IPv4, high is 0 and low holds the 32 bits unsigned (as {@link io.tunstack.stack.address.IpAddress} does).
 */
public final class Datagram {

    /** The largest IPv4 payload (65,535 less a 60-byte header), which bounds an answer of either family. */
    private static final int MAX_ANSWER_LENGTH = 0xFFFF - 60;

    private ByteBuf buffer;
    private IpFamily family;
    private int protocol;
    private int payloadOffset;
    private int payloadLength;
    private long sourceHigh;
    private long sourceLow;
    private long destinationHigh;
    private long destinationLow;
    private long replySourceHigh;
    private long replySourceLow;
    private boolean toGroup;
    private boolean groupAnswerAllowed;
    private Rejection rejection;
    private int answerLength;

    /**
     * Fills this description for a new datagram; the reply source starts as the destination.
     *
     * @param toGroup whether the destination is a broadcast (IPv4) or multicast address
     */
    public Datagram set(ByteBuf buffer, IpFamily family, int protocol, int payloadOffset, int payloadLength,
            long sourceHigh, long sourceLow, long destinationHigh, long destinationLow, boolean toGroup) {
        this.buffer = buffer;
        this.family = family;
        this.protocol = protocol;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
        this.sourceHigh = sourceHigh;
        this.sourceLow = sourceLow;
        this.destinationHigh = destinationHigh;
        this.destinationLow = destinationLow;
        this.replySourceHigh = destinationHigh;
        this.replySourceLow = destinationLow;
        this.toGroup = toGroup;
        this.groupAnswerAllowed = false;
        this.rejection = null;
        this.answerLength = payloadLength;
        return this;
    }

    /**
     * Sets the address an answer will be sent from, when it is not the destination: a datagram to a group address is
     * answered from a unicast address (RFC 1122 3.2.1.3, RFC 4443 4.2).
     */
    public void setReplySource(long high, long low) {
        this.replySourceHigh = high;
        this.replySourceLow = low;
    }

    /** The buffer that holds the datagram; a handler may rewrite the message in place into its answer. */
    public ByteBuf buffer() {
        return buffer;
    }

    public IpFamily family() {
        return family;
    }

    /** The upper-layer protocol (IPv4 Protocol, IPv6 Next Header of the last header). */
    public int protocol() {
        return protocol;
    }

    /** Absolute index of the upper-layer message in {@link #buffer()}. */
    public int payloadOffset() {
        return payloadOffset;
    }

    /** Length of the upper-layer message in bytes. */
    public int payloadLength() {
        return payloadLength;
    }

    public long sourceHigh() {
        return sourceHigh;
    }

    public long sourceLow() {
        return sourceLow;
    }

    public long destinationHigh() {
        return destinationHigh;
    }

    public long destinationLow() {
        return destinationLow;
    }

    public long replySourceHigh() {
        return replySourceHigh;
    }

    public long replySourceLow() {
        return replySourceLow;
    }

    /** Whether an answer leaves from another address than the one the datagram was sent to. */
    public boolean replySourceDiffers() {
        return replySourceHigh != destinationHigh || replySourceLow != destinationLow;
    }

    /**
     * The unfolded sum of the pseudo-header (RFC 768, RFC 9293 3.1, RFC 8200 8.1) of a {@code length}-byte message of
     * {@code protocol} from this datagram's source to its destination: what a UDP or TCP checksum covers besides the
     * message.
     */
    public int pseudoHeaderSum(int protocol, int length) {
        return pseudoHeaderSum(family, sourceHigh, sourceLow, destinationHigh, destinationLow, protocol, length);
    }

    /** The pseudo-header sum of an answer: from the {@linkplain #replySourceLow() reply source} back to the source. */
    public int answerPseudoHeaderSum(int protocol, int length) {
        return pseudoHeaderSum(family, replySourceHigh, replySourceLow, sourceHigh, sourceLow, protocol, length);
    }

    /** The pseudo-header sum in {@code family}, addresses as two longs each (IPv4 in the low 32 bits). */
    public static int pseudoHeaderSum(IpFamily family, long sourceHigh, long sourceLow, long destinationHigh,
            long destinationLow, int protocol, int length) {
        return family == IpFamily.IPV4
                ? Checksum.ipv4PseudoHeaderSum((int) sourceLow, (int) destinationLow, protocol, length)
                : Checksum.ipv6PseudoHeaderSum(sourceHigh, sourceLow, destinationHigh, destinationLow, length,
                        protocol);
    }

    /** Whether the destination is a broadcast (IPv4) or multicast address rather than one host. */
    public boolean toGroup() {
        return toGroup;
    }

    /**
     * Says that a request to a group address may be answered: the configuration answers broadcasts (Linux
     * {@code icmp_echo_ignore_broadcasts=0}), or hosts whose profiles say {@code broadcast} answer it. Cleared by
     * {@link #set}.
     */
    public void allowGroupAnswer(boolean allowed) {
        this.groupAnswerAllowed = allowed;
    }

    /** Whether a request to a group address may be answered (see {@link #allowGroupAnswer}). */
    public boolean groupAnswerAllowed() {
        return groupAnswerAllowed;
    }

    /**
     * Asks the network layer to answer this datagram with an ICMP error of its family (the handler then returns the
     * drop's verdict). The network layer sends it only where the ICMP error rules and the rate limit allow.
     */
    public void reject(Rejection rejection) {
        this.rejection = rejection;
    }

    /** The error the handler asked for, or {@code null}. */
    public Rejection rejection() {
        return rejection;
    }

    /**
     * Says that the answer built in place is {@code length} bytes long rather than as long as the request's message
     * (a timestamp reply drops what follows its three timestamps, a TCP reset what follows its header, a SYN+ACK may
     * need room for an option the SYN lacked); the network layer sets its length field from it.
     *
     * @throws IllegalArgumentException when {@code length} exceeds {@link #answerCapacity()}
     */
    public void setAnswerLength(int length) {
        if (length < 0 || length > answerCapacity()) {
            throw new IllegalArgumentException("answer length: " + length + " (expected: 0.." + answerCapacity() + ")");
        }
        this.answerLength = length;
    }

    /**
     * The longest answer that can be built in place: the buffer's room from the message on (at least the message's
     * length), within the largest payload any IP datagram can carry.
     */
    public int answerCapacity() {
        return Math.max(payloadLength, Math.min(buffer.capacity() - payloadOffset, MAX_ANSWER_LENGTH));
    }

    /** The length of the answer built in place: the message's length unless a handler said otherwise. */
    public int answerLength() {
        return answerLength;
    }
}
