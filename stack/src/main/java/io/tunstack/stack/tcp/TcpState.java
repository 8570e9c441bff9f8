package io.tunstack.stack.tcp;

/**
 * The states of RFC 9293 3.3.2 that a connection to an open port passes through. tunstack's side accepts and closes
 * at once, so it never stays ESTABLISHED: its FIN leaves with the acknowledgment of the handshake.
 */
enum TcpState {
    /** The SYN+ACK is sent; the handshake's last ACK is awaited (SYN+ACK retransmitted). */
    SYN_RECEIVED,
    /** tunstack's FIN is sent and not yet acknowledged; the peer's FIN has not come (FIN retransmitted). */
    FIN_WAIT_1,
    /** tunstack's FIN is acknowledged; the peer's FIN is awaited (up to Linux's tcp_fin_timeout). */
    FIN_WAIT_2,
    /** The peer's FIN came after tunstack's and before its acknowledgment (FIN retransmitted). */
    CLOSING,
    /** The peer's FIN came first (with or before the handshake's ACK); tunstack's FIN awaits its acknowledgment. */
    LAST_ACK,
    /** Both FINs are exchanged and acknowledged; a retransmitted FIN of the peer is acknowledged again. */
    TIME_WAIT
}
