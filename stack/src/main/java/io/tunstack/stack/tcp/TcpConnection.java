package io.tunstack.stack.tcp;

import io.tunstack.stack.address.IpFamily;

/**
 * One connection to an open port, as the {@link TcpConnectionTable} keeps it: who it is with, its state, the
 * sequence numbers that matter to a side that sends no data, and its retransmission timer. Entries are allocated once,
 * with the table, and reused. Sequence numbers are {@code int}s compared modulo 2^32 (RFC 9293 3.4).
 */
final class TcpConnection {

    /** Whether this entry holds a connection (else it is on the table's free list). */
    boolean used;
    IpFamily family;
    long localHigh;
    long localLow;
    long peerHigh;
    long peerLow;
    int localPort;
    int peerPort;
    TcpState state;
    /** ISS: tunstack's initial sequence number (the SYN cookie); its FIN has sequence {@code iss + 1}. */
    int initialSendSequence;
    /** RCV.NXT: the next sequence number expected from the peer. */
    int receiveNext;
    /** How often the segment awaiting acknowledgment (SYN+ACK or FIN) was sent again. */
    int retransmissions;
    /** The {@link System#nanoTime()} at which the timer of the current state fires. */
    long deadline;

    /** Whether this entry is the connection between the two endpoints. */
    boolean is(IpFamily family, long localHigh, long localLow, int localPort, long peerHigh, long peerLow,
            int peerPort) {
        return this.family == family && this.localLow == localLow && this.peerLow == peerLow
                && this.localPort == localPort && this.peerPort == peerPort && this.localHigh == localHigh
                && this.peerHigh == peerHigh;
    }

    /** The sequence number of tunstack's FIN. */
    int finSequence() {
        return initialSendSequence + 1;
    }

    /** SND.NXT once the FIN is sent: what the peer acknowledges when it has everything. */
    int sendNextAfterFin() {
        return initialSendSequence + 2;
    }
}
