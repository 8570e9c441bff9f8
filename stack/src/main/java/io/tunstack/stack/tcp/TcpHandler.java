package io.tunstack.stack.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tunstack.stack.address.IpFamily;
import io.tunstack.stack.config.OpenPorts;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.ip.Datagram;
import io.tunstack.stack.ip.IpSender;
import io.tunstack.stack.ip.ProtocolHandler;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.StackEvent;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.IpProtocol;
import io.tunstack.stack.wire.TcpPacket;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * TCP (protocol 6) for both families, as a host whose {@linkplain OpenPorts open ports} have a listener that accepts
 * each connection and closes it at once, and whose other ports have none.
 *
 * <ul>
 *   <li>A closed port answers as RFC 9293 3.10.7.1 says ("If the state is CLOSED ... a reset is sent in response to
 *       any incoming segment except another reset"): to a segment with ACK, {@code <SEQ=SEG.ACK><CTL=RST>}; to one
 *       without, {@code <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>}. Built in place: no allocation.</li>
 *   <li>An open port completes the handshake: the SYN gets a SYN+ACK with an MSS option, whose ISN is a
 *       {@linkplain SynCookies SYN cookie}. The ACK that completes it (checked against the connection, or against the
 *       cookie when none was kept) gets tunstack's FIN at once; tunstack then acknowledges the peer's FIN. So
 *       {@code nc -z} succeeds and a client that reads sees the end of the stream.</li>
 *   <li>The SYN+ACK and the FIN are retransmitted on a timer while unacknowledged, a bounded number of times, and
 *       never after the peer's reset, from a {@linkplain TcpConnectionTable table of fixed size}. When it is full, a
 *       handshake goes on without state (the cookie suffices) and a FIN is sent once: memory stays bounded under a
 *       SYN flood, and nothing answers a segment more than once.</li>
 * </ul>
 *
 * <p>Where RFC 9293 leaves a choice, this class does what Linux does, and says so. It sends no data and offers no
 * options but MSS (no window scaling, SACK or timestamps, which a peer may not use unless offered back).
 *
 * <p>Single-threaded. The reset path allocates nothing; the handshake computes an HMAC per SYN and per cookie ACK.
 * Owns a small scratch buffer for retransmissions, allocated at the first one and released by {@link #close()}.
 */
public final class TcpHandler implements ProtocolHandler, AutoCloseable {

    /** Linux {@code tcp_synack_retries}: a SYN+ACK is sent again up to 5 times. */
    static final int SYN_ACK_RETRANSMISSIONS = 5;
    /** Linux TCP_TIMEOUT_INIT: the first SYN+ACK retransmission after 1 s, each later one after twice as long. */
    static final long SYN_ACK_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Linux {@code tcp_orphan_retries} = 0, which it takes for 8: a FIN is sent again up to 8 times. */
    static final int FIN_RETRANSMISSIONS = 8;
    /** Linux TCP_RTO_MIN, the timeout after a handshake on a link this short: 200 ms, then doubling. */
    static final long FIN_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** Linux {@code tcp_fin_timeout}: how long tunstack waits for the peer's FIN once its own is acknowledged. */
    static final long FIN_WAIT_2_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Linux TCP_TIMEWAIT_LEN (2 MSL in Linux's terms): 60 s. */
    static final long TIME_WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private static final int MSS_OPTION_KIND = 2;
    private static final int MSS_OPTION_LENGTH = 4;
    private static final int MAX_SEGMENT_LENGTH = TcpPacket.MIN_HEADER_LENGTH + MSS_OPTION_LENGTH;
    private static final int IPV4_HEADERS = 20 + TcpPacket.MIN_HEADER_LENGTH;
    private static final int IPV6_HEADERS = 40 + TcpPacket.MIN_HEADER_LENGTH;
    private static final int MAX_WINDOW = 0xFFFF;

    private final OpenPorts openPorts;
    private final StackCounters counters;
    private final LongSupplier nanoClock;
    private final SynCookies cookies;
    private final TcpConnectionTable connections;
    private final IpSender ipv4Sender;
    private final IpSender ipv6Sender;
    private final int ipv4Mss;
    private final int ipv6Mss;
    private final TcpPacket tcp = new TcpPacket();
    private final TcpPacket out = new TcpPacket();
    private final ByteBufAllocator allocator;
    /** Where retransmissions are built: allocated at the first one, released by {@link #close()}. */
    private ByteBuf scratch;
    /** No timer fires before this {@link System#nanoTime()}; {@link Long#MAX_VALUE} when none is set. */
    private long earliestDeadline = Long.MAX_VALUE;

    // The segment being handled, read once before anything is written over it.
    private int sourcePort;
    private int destinationPort;
    private int sequence;
    private int acknowledgment;
    private int flags;
    private int dataLength;

    /**
     * @param ipv4Sender sends IPv4 retransmissions, or {@code null} when the stack runs no IPv4 (likewise IPv6)
     */
    public TcpHandler(StackConfig config, StackCounters counters, LongSupplier nanoClock, ByteBufAllocator allocator,
            IpSender ipv4Sender, IpSender ipv6Sender) {
        this(config, counters, nanoClock, allocator, ipv4Sender, ipv6Sender, SynCookies.withRandomKey());
    }

    TcpHandler(StackConfig config, StackCounters counters, LongSupplier nanoClock, ByteBufAllocator allocator,
            IpSender ipv4Sender, IpSender ipv6Sender, SynCookies cookies) {
        this.openPorts = config.openPorts();
        this.counters = counters;
        this.nanoClock = nanoClock;
        this.cookies = cookies;
        this.connections = new TcpConnectionTable(config.tcpConnections());
        this.ipv4Sender = ipv4Sender;
        this.ipv6Sender = ipv6Sender;
        // RFC 9293 3.7.1: the MSS a host advertises is its MTU less the fixed IP and TCP headers, as Linux does.
        this.ipv4Mss = config.mtu() - IPV4_HEADERS;
        this.ipv6Mss = config.mtu() - IPV6_HEADERS;
        this.allocator = allocator;
    }

    @Override
    public Verdict receive(Datagram datagram) {
        tcp.wrap(datagram.buffer(), datagram.payloadOffset(), datagram.payloadLength());
        DropReason reason = tcp.checkLength();
        if (reason != null) {
            return Verdict.dropped(reason);
        }
        // RFC 9293 3.10.7.1 and Linux tcp_v4_rcv()/tcp_v6_rcv(): the checksum is verified before anything else.
        if (!tcp.verifyChecksum(datagram.pseudoHeaderSum(IpProtocol.TCP, datagram.payloadLength()))) {
            return Verdict.dropped(DropReason.TCP_BAD_CHECKSUM);
        }
        if (datagram.toGroup()) {
            // TCP is unicast only; Linux drops a segment that was not sent to the host (pkt_type != PACKET_HOST).
            return Verdict.dropped(DropReason.TCP_TO_GROUP);
        }
        sourcePort = tcp.sourcePort();
        destinationPort = tcp.destinationPort();
        sequence = (int) tcp.sequenceNumber();
        acknowledgment = (int) tcp.acknowledgmentNumber();
        flags = tcp.flags();
        dataLength = tcp.dataLength();
        if (!openPorts.isOpen(IpProtocol.TCP, destinationPort)) {
            return reset(datagram);
        }
        TcpConnection connection = connections.find(datagram.family(), datagram.destinationHigh(),
                datagram.destinationLow(), destinationPort, datagram.sourceHigh(), datagram.sourceLow(), sourcePort);
        long now = nanoClock.getAsLong();
        return connection == null ? listen(datagram, now) : segmentArrives(connection, datagram, now);
    }

    private boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** SEG.LEN: the data, and one each for SYN and FIN (RFC 9293 3.4). */
    private int segmentLength() {
        return dataLength + (has(TcpPacket.SYN) ? 1 : 0) + (has(TcpPacket.FIN) ? 1 : 0);
    }

    /**
     * RFC 9293 3.10.7.1: "If the ACK bit is off, sequence number zero is used, {@code <SEQ=0><ACK=SEG.SEQ+SEG.LEN>
     * <CTL=RST,ACK>}. If the ACK bit is on, {@code <SEQ=SEG.ACK><CTL=RST>}." And "An incoming segment containing a
     * RST is discarded." Linux tcp_v4_send_reset() and tcp_v6_send_reset() send the same, window 0, no options.
     */
    private Verdict reset(Datagram datagram) {
        if (has(TcpPacket.RST)) {
            return Verdict.dropped(DropReason.TCP_RST_IGNORED);
        }
        if (has(TcpPacket.ACK)) {
            return answer(datagram, Answer.TCP_RST, acknowledgment, 0, TcpPacket.RST, 0);
        }
        return answer(datagram, Answer.TCP_RST, 0, sequence + segmentLength(), TcpPacket.RST | TcpPacket.ACK, 0);
    }

    /**
     * A segment to an open port with no connection: RFC 9293 3.10.7.2 (LISTEN), as Linux's tcp_v4_conn_request()
     * and its SYN-cookie check (cookie_v4_check()) do it.
     */
    private Verdict listen(Datagram datagram, long now) {
        if (has(TcpPacket.RST)) {
            // "An incoming RST segment could not be valid since it could not have been sent in response to anything
            // sent by this incarnation of the connection. An incoming RST should be ignored."
            return Verdict.dropped(DropReason.TCP_RST_IGNORED);
        }
        if (has(TcpPacket.ACK)) {
            // "Any acknowledgment is bad if it arrives on a connection still in the LISTEN state. An acceptable reset
            // segment should be formed": unless it completes a handshake whose SYN+ACK left with a cookie.
            if (!has(TcpPacket.SYN) && cookies.isValid(acknowledgment - 1, datagram.family(),
                    datagram.destinationHigh(), datagram.destinationLow(), destinationPort, datagram.sourceHigh(),
                    datagram.sourceLow(), sourcePort, sequence - 1, now)) {
                counters.countEvent(StackEvent.TCP_CONNECTION_FROM_COOKIE);
                return accept(datagram, null, acknowledgment - 1, now);
            }
            return reset(datagram);
        }
        if (!has(TcpPacket.SYN)) {
            // "Any other control or text-bearing segment (not containing SYN) must have an ACK and thus would be
            // discarded by the ACK processing."
            return Verdict.dropped(DropReason.TCP_LISTEN_NO_SYN);
        }
        if (has(TcpPacket.FIN)) {
            // Linux tcp_rcv_state_process() in LISTEN: "if (th->fin) goto discard" for a SYN.
            return Verdict.dropped(DropReason.TCP_SYN_FIN);
        }
        int initialSendSequence = cookie(datagram, sequence, now);
        TcpConnection connection = addConnection(datagram);
        if (connection != null) {
            connection.state = TcpState.SYN_RECEIVED;
            connection.initialSendSequence = initialSendSequence;
            connection.receiveNext = sequence + 1;
            setTimer(connection, now + SYN_ACK_TIMEOUT_NANOS);
        }
        // Data on a SYN is not taken (no TCP Fast Open, as Linux without tcp_fastopen for servers): RCV.NXT
        // acknowledges the SYN only, and the peer sends the data again.
        return synAck(datagram, initialSendSequence, sequence + 1);
    }

    /**
     * The handshake completed: tunstack's side accepts the connection and closes it at once, acknowledging whatever
     * data and FIN came with the ACK (it reads everything, then closes).
     */
    private Verdict accept(Datagram datagram, TcpConnection known, int initialSendSequence, long now) {
        counters.countEvent(StackEvent.TCP_CONNECTION_ACCEPTED);
        boolean peerFin = has(TcpPacket.FIN);
        int receiveNext = sequence + dataLength + (peerFin ? 1 : 0);
        TcpConnection connection = known != null ? known : addConnection(datagram);
        if (connection != null) {
            connection.initialSendSequence = initialSendSequence;
            connection.receiveNext = receiveNext;
            connection.state = peerFin ? TcpState.LAST_ACK : TcpState.FIN_WAIT_1;
            connection.retransmissions = 0;
            setTimer(connection, now + FIN_TIMEOUT_NANOS);
        }
        return answer(datagram, Answer.TCP_FIN, initialSendSequence + 1, receiveNext, TcpPacket.FIN | TcpPacket.ACK,
                window(datagram.family()));
    }

    /** A new connection in the table, or {@code null} (counted) when it is full. */
    private TcpConnection addConnection(Datagram datagram) {
        TcpConnection connection = connections.add(datagram.family(), datagram.destinationHigh(),
                datagram.destinationLow(), destinationPort, datagram.sourceHigh(), datagram.sourceLow(), sourcePort);
        if (connection == null) {
            counters.countEvent(StackEvent.TCP_TABLE_FULL);
        }
        return connection;
    }

    /** RFC 9293 3.10.7.4, "SEGMENT ARRIVES" in a state other than LISTEN, for the states tunstack passes through. */
    private Verdict segmentArrives(TcpConnection connection, Datagram datagram, long now) {
        if (has(TcpPacket.RST)) {
            // "In all states except SYN-SENT, all reset (RST) segments are validated by checking their SEQ fields. A
            // reset is valid if its sequence number is in the window." Linux answers an in-window reset that is not
            // exact with a challenge ACK (RFC 5961 3.2); tunstack, which has nothing to protect, takes it.
            if (Integer.compareUnsigned(sequence - connection.receiveNext, window(connection.family)) < 0) {
                forget(connection);
                counters.countEvent(StackEvent.TCP_CONNECTION_RESET);
                return Verdict.dropped(DropReason.TCP_RST_ACCEPTED);
            }
            return Verdict.dropped(DropReason.TCP_RST_IGNORED);
        }
        switch (connection.state) {
            case SYN_RECEIVED:
                return synReceived(connection, datagram, now);
            case TIME_WAIT:
                if (has(TcpPacket.SYN) && !has(TcpPacket.ACK)) {
                    // A new connection between the same endpoints: Linux accepts a SYN in TIME-WAIT
                    // (tcp_timewait_state_process(), TCP_TW_SYN) when its sequence number is beyond the old one's;
                    // tunstack received no data, so any new one is.
                    forget(connection);
                    return listen(datagram, now);
                }
                if (has(TcpPacket.FIN)) {
                    // "The only thing that can arrive in this state is a retransmission of the remote FIN.
                    // Acknowledge it, and restart the 2 MSL timeout."
                    setTimer(connection, now + TIME_WAIT_NANOS);
                    return acknowledge(datagram, connection);
                }
                return Verdict.dropped(DropReason.TCP_ACK_CONSUMED);
            default:
                return closing(connection, datagram, now);
        }
    }

    private Verdict synReceived(TcpConnection connection, Datagram datagram, long now) {
        if (has(TcpPacket.SYN) && !has(TcpPacket.ACK)) {
            if (sequence + 1 != connection.receiveNext) {
                // The peer started over with another ISN: the handshake follows the new SYN.
                connection.initialSendSequence = cookie(datagram, sequence, now);
                connection.receiveNext = sequence + 1;
            }
            // A retransmitted SYN: its SYN+ACK was lost, so it is sent again (Linux tcp_check_req()).
            return synAck(datagram, connection.initialSendSequence, connection.receiveNext);
        }
        if (!has(TcpPacket.ACK)) {
            return Verdict.dropped(DropReason.TCP_NO_ACK);
        }
        if (has(TcpPacket.SYN) || acknowledgment != connection.initialSendSequence + 1) {
            // "If the segment acknowledgment is not acceptable, form a reset segment <SEQ=SEG.ACK><CTL=RST>".
            return reset(datagram);
        }
        return accept(datagram, connection, connection.initialSendSequence, now);
    }

    /** FIN-WAIT-1, FIN-WAIT-2, CLOSING and LAST-ACK: tunstack's FIN is sent; the rest of the close. */
    private Verdict closing(TcpConnection connection, Datagram datagram, long now) {
        if (has(TcpPacket.SYN)) {
            // RFC 5961 4.2 (which RFC 9293 3.10.7.4 adopts): a SYN in a synchronized state gets a challenge ACK.
            return acknowledge(datagram, connection);
        }
        if (!has(TcpPacket.ACK)) {
            // "if the ACK bit is off, drop the segment and return".
            return Verdict.dropped(DropReason.TCP_NO_ACK);
        }
        TcpState state = connection.state;
        if (dataLength > 0 && (state == TcpState.FIN_WAIT_1 || state == TcpState.FIN_WAIT_2)
                && sequence + dataLength - connection.receiveNext > 0) {
            // New data after tunstack closed: no one will read it. Linux resets such a connection
            // (tcp_rcv_state_process(), FIN-WAIT with RCV_SHUTDOWN: "tcp_reset(sk, skb); return 1").
            forget(connection);
            return answer(datagram, Answer.TCP_RST, acknowledgment, 0, TcpPacket.RST, 0);
        }
        boolean finAcknowledged = acknowledgment == connection.sendNextAfterFin();
        boolean peerFin = has(TcpPacket.FIN) && sequence + dataLength == connection.receiveNext;
        boolean peerFinAgain = has(TcpPacket.FIN) && sequence + dataLength + 1 == connection.receiveNext;
        switch (state) {
            case FIN_WAIT_1:
                if (peerFin) {
                    connection.receiveNext++;
                    if (finAcknowledged) {
                        enterTimeWait(connection, now);
                    } else {
                        connection.state = TcpState.CLOSING;
                    }
                    return acknowledge(datagram, connection);
                }
                if (finAcknowledged) {
                    connection.state = TcpState.FIN_WAIT_2;
                    setTimer(connection, now + FIN_WAIT_2_NANOS);
                }
                return Verdict.dropped(DropReason.TCP_ACK_CONSUMED);
            case FIN_WAIT_2:
                if (peerFin) {
                    connection.receiveNext++;
                    enterTimeWait(connection, now);
                    return acknowledge(datagram, connection);
                }
                return Verdict.dropped(DropReason.TCP_ACK_CONSUMED);
            case CLOSING:
                if (finAcknowledged) {
                    enterTimeWait(connection, now);
                    return Verdict.dropped(DropReason.TCP_ACK_CONSUMED);
                }
                return peerFinAgain ? acknowledge(datagram, connection)
                        : Verdict.dropped(DropReason.TCP_ACK_CONSUMED);
            default: // LAST_ACK
                if (finAcknowledged) {
                    forget(connection);
                    counters.countEvent(StackEvent.TCP_CONNECTION_CLOSED);
                    return Verdict.dropped(DropReason.TCP_ACK_CONSUMED);
                }
                if (peerFinAgain) {
                    // The peer sends its FIN again: it did not get tunstack's FIN, which acknowledged it.
                    return answer(datagram, Answer.TCP_FIN, connection.finSequence(), connection.receiveNext,
                            TcpPacket.FIN | TcpPacket.ACK, window(connection.family));
                }
                return Verdict.dropped(DropReason.TCP_ACK_CONSUMED);
        }
    }

    private void enterTimeWait(TcpConnection connection, long now) {
        connection.state = TcpState.TIME_WAIT;
        counters.countEvent(StackEvent.TCP_CONNECTION_CLOSED);
        setTimer(connection, now + TIME_WAIT_NANOS);
    }

    private Verdict acknowledge(Datagram datagram, TcpConnection connection) {
        return answer(datagram, Answer.TCP_ACK, connection.sendNextAfterFin(), connection.receiveNext, TcpPacket.ACK,
                window(connection.family));
    }

    private Verdict synAck(Datagram datagram, int initialSendSequence, int receiveNext) {
        IpFamily family = datagram.family();
        return answer(datagram, Answer.TCP_SYN_ACK, initialSendSequence, receiveNext, TcpPacket.SYN | TcpPacket.ACK,
                window(family), mss(family));
    }

    private int cookie(Datagram datagram, int peerSequence, long now) {
        return cookies.cookie(datagram.family(), datagram.destinationHigh(), datagram.destinationLow(),
                destinationPort, datagram.sourceHigh(), datagram.sourceLow(), sourcePort, peerSequence, now);
    }

    private Verdict answer(Datagram datagram, Answer kind, int sequenceNumber, int acknowledgmentNumber, int control,
            int window) {
        return answer(datagram, kind, sequenceNumber, acknowledgmentNumber, control, window, 0);
    }

    /**
     * Builds the answer in place, over the segment, from its destination port back to its source port, and says how
     * long it is. An MSS option goes in when {@code mss} is not 0 and the buffer has room for it (it always has when
     * a worker's read buffer holds the datagram); without it the peer assumes 536 or 1220 (RFC 9293 3.7.1).
     */
    private Verdict answer(Datagram datagram, Answer kind, int sequenceNumber, int acknowledgmentNumber, int control,
            int window, int mss) {
        boolean withMss = mss != 0 && datagram.answerCapacity() >= MAX_SEGMENT_LENGTH;
        int length = write(datagram.buffer(), datagram.payloadOffset(), destinationPort, sourcePort, sequenceNumber,
                acknowledgmentNumber, control, window, withMss ? mss : 0);
        out.fillChecksum(datagram.answerPseudoHeaderSum(IpProtocol.TCP, length));
        datagram.setAnswerLength(length);
        return Verdict.answered(kind);
    }

    /** Writes a segment without data at {@code base} and returns its length; {@link #out} is left on it. */
    private int write(ByteBuf buffer, int base, int fromPort, int toPort, int sequenceNumber,
            int acknowledgmentNumber, int control, int window, int mss) {
        int length = mss != 0 ? MAX_SEGMENT_LENGTH : TcpPacket.MIN_HEADER_LENGTH;
        buffer.setZero(base, length);
        out.wrap(buffer, base, length);
        out.setSourcePort(fromPort);
        out.setDestinationPort(toPort);
        out.setSequenceNumber(Integer.toUnsignedLong(sequenceNumber));
        out.setAcknowledgmentNumber(Integer.toUnsignedLong(acknowledgmentNumber));
        out.setDataOffset(length / 4);
        out.setFlags(control);
        out.setWindow(window);
        if (mss != 0) {
            // RFC 9293 3.2: Kind 2, Length 4, the maximum segment size.
            int option = out.optionsOffset();
            buffer.setByte(option, MSS_OPTION_KIND);
            buffer.setByte(option + 1, MSS_OPTION_LENGTH);
            buffer.setShort(option + 2, mss);
        }
        return length;
    }

    private int mss(IpFamily family) {
        return family == IpFamily.IPV4 ? ipv4Mss : ipv6Mss;
    }

    /**
     * The receive window offered: Linux's tcp_select_initial_window() without window scaling, the largest multiple of
     * the MSS that fits in 16 bits (64,240 for an MSS of 1460, 64,800 for 1440).
     */
    private int window(IpFamily family) {
        int mss = mss(family);
        return MAX_WINDOW / mss * mss;
    }

    private void setTimer(TcpConnection connection, long deadline) {
        connection.deadline = deadline;
        if (earliestDeadline == Long.MAX_VALUE || deadline - earliestDeadline < 0) {
            earliestDeadline = deadline;
        }
    }

    /**
     * The {@link System#nanoTime()} at which {@link #poll} next has work (a retransmission or the end of a wait), or
     * {@link Long#MAX_VALUE}. It may be early, never late: a poll then finds nothing due and says when.
     */
    public long nextDeadline() {
        return earliestDeadline;
    }

    /** Fires every timer due at {@code nowNanos}: retransmissions through {@code tx}, and the ends of waits. */
    public void poll(long nowNanos, Transmitter tx) {
        if (earliestDeadline == Long.MAX_VALUE || nowNanos - earliestDeadline < 0) {
            return;
        }
        long next = Long.MAX_VALUE;
        for (int i = 0; i < connections.capacity(); i++) {
            TcpConnection connection = connections.entry(i);
            if (!connection.used) {
                continue;
            }
            if (nowNanos - connection.deadline >= 0) {
                fire(connection, nowNanos, tx);
            }
            if (connection.used && (next == Long.MAX_VALUE || connection.deadline - next < 0)) {
                next = connection.deadline;
            }
        }
        earliestDeadline = next;
    }

    private void fire(TcpConnection connection, long now, Transmitter tx) {
        switch (connection.state) {
            case SYN_RECEIVED:
                if (connection.retransmissions == SYN_ACK_RETRANSMISSIONS) {
                    timedOut(connection);
                    return;
                }
                connection.retransmissions++;
                send(connection, Answer.TCP_SYN_ACK, connection.initialSendSequence, TcpPacket.SYN | TcpPacket.ACK,
                        mss(connection.family), tx);
                counters.countEvent(StackEvent.TCP_SYN_ACK_RETRANSMITTED);
                connection.deadline = now + (SYN_ACK_TIMEOUT_NANOS << connection.retransmissions);
                return;
            case FIN_WAIT_1:
            case CLOSING:
            case LAST_ACK:
                if (connection.retransmissions == FIN_RETRANSMISSIONS) {
                    timedOut(connection);
                    return;
                }
                connection.retransmissions++;
                send(connection, Answer.TCP_FIN, connection.finSequence(), TcpPacket.FIN | TcpPacket.ACK, 0, tx);
                counters.countEvent(StackEvent.TCP_FIN_RETRANSMITTED);
                connection.deadline = now + (FIN_TIMEOUT_NANOS << connection.retransmissions);
                return;
            case FIN_WAIT_2:
                // Linux tcp_fin_timeout: the peer never sent its FIN; the connection is forgotten.
                timedOut(connection);
                return;
            default: // TIME_WAIT ends
                forget(connection);
        }
    }

    /** Removes a connection; with the last one gone, no timer is left, so that an idle worker stays asleep. */
    private void forget(TcpConnection connection) {
        connections.remove(connection);
        if (connections.size() == 0) {
            earliestDeadline = Long.MAX_VALUE;
        }
    }

    private void timedOut(TcpConnection connection) {
        forget(connection);
        counters.countEvent(StackEvent.TCP_CONNECTION_TIMED_OUT);
    }

    /** Sends a segment of {@code connection} on a timer, through its family's {@link IpSender}. */
    private void send(TcpConnection connection, Answer kind, int sequenceNumber, int control, int mss,
            Transmitter tx) {
        if (scratch == null) {
            scratch = allocator.buffer(IpSender.HEADROOM + MAX_SEGMENT_LENGTH);
        }
        int length = write(scratch, IpSender.HEADROOM, connection.localPort, connection.peerPort, sequenceNumber,
                connection.receiveNext, control, window(connection.family), mss);
        out.fillChecksum(Datagram.pseudoHeaderSum(connection.family, connection.localHigh, connection.localLow,
                connection.peerHigh, connection.peerLow, IpProtocol.TCP, length));
        IpSender sender = connection.family == IpFamily.IPV4 ? ipv4Sender : ipv6Sender;
        sender.send(scratch, IpSender.HEADROOM, length, IpProtocol.TCP, connection.localHigh, connection.localLow,
                connection.peerHigh, connection.peerLow, kind, tx);
    }

    /** The number of connections held (handshakes and closes in progress). */
    public int connections() {
        return connections.size();
    }

    /** Releases the scratch buffer. The handler must not be used afterwards. */
    @Override
    public void close() {
        if (scratch != null) {
            scratch.release();
            scratch = null;
        }
    }
}
