package io.tunstack.app.observe;

import io.tunstack.device.LinkType;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Writes a pcapng capture (draft-ietf-opsawg-pcapng) of one link's packets: one Section Header Block, one Interface
 * Description Block with the link's {@code LINKTYPE_*} ({@link LinkType#pcapLinkType()}: 101, raw IP, for a TUN
 * device; 1, Ethernet, for a TAP device), then one Enhanced Packet Block per packet, carrying the direction in
 * {@code epb_flags} and, for a dropped packet, the reason as an {@code opt_comment}.
 *
 * <pre>
 *  Every block:
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +---------------------------------------------------------------+
 *   |                          Block Type                           |
 *   +---------------------------------------------------------------+
 *   |                      Block Total Length                       |
 *   +---------------------------------------------------------------+
 *   /                          Block Body                           /
 *   +---------------------------------------------------------------+
 *   |                      Block Total Length                       |
 *   +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Blocks are written little-endian; the byte-order magic tells readers so. Each block is assembled whole and handed
 * to a {@link BufferedOutputStream} in one {@code write}, which either copies it entirely into its buffer or flushes
 * the blocks before it first: the file on disk therefore only ever ends at a block boundary, so even a killed process
 * leaves a capture that {@code tcpdump -r} reads up to the last {@link #flush()} ({@link PcapCapture} flushes at least
 * once a second). {@link #close()} flushes the rest.
 *
 * <p>Not thread-safe: callers from several workers synchronize on the writer.
 */
public final class PcapNgWriter implements Closeable {

    static final int SECTION_HEADER_BLOCK = 0x0A0D0D0A;
    static final int INTERFACE_DESCRIPTION_BLOCK = 0x00000001;
    static final int ENHANCED_PACKET_BLOCK = 0x00000006;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

    static final int OPT_ENDOFOPT = 0;
    static final int OPT_COMMENT = 1;
    static final int SHB_USERAPPL = 4;
    static final int IF_NAME = 2;
    static final int EPB_FLAGS = 2;

    /** epb_flags bits 0-1: the direction of the packet. */
    static final int EPB_FLAG_INBOUND = 0b01;
    static final int EPB_FLAG_OUTBOUND = 0b10;

    /** Block type, total length, then total length again at the end. */
    private static final int BLOCK_FRAMING = 12;
    /** Interface id, timestamp (high), timestamp (low), captured length, original length. */
    private static final int EPB_FIXED = 20;
    private static final int BUFFER_SIZE = 1 << 16;

    /** The direction of a packet, from tunstack's point of view. */
    public enum Direction {
        /** Read from the device: sent by the kernel to tunstack. */
        INBOUND(EPB_FLAG_INBOUND),
        /** Written to the device: sent by tunstack to the kernel. */
        OUTBOUND(EPB_FLAG_OUTBOUND);

        private final int flags;

        Direction(int flags) {
            this.flags = flags;
        }
    }

    private final OutputStream out;

    /**
     * Starts a capture on {@code out}: writes the section and interface headers.
     *
     * @param interfaceName recorded as {@code if_name}, e.g. {@code tun0}
     * @param linkType what the packets begin with, recorded as the interface's link type
     */
    public PcapNgWriter(OutputStream out, String interfaceName, LinkType linkType) throws IOException {
        this.out = new BufferedOutputStream(out, BUFFER_SIZE);
        writeSectionHeader();
        writeInterfaceDescription(interfaceName, linkType);
    }

    /**
     * Appends one packet.
     *
     * @param packet the whole packet: an IP packet, or an Ethernet frame on an Ethernet link
     * @param timestamp when it was read or written
     * @param comment a comment shown by Wireshark and {@code tshark -V} (the drop reason), or {@code null}
     */
    public void writePacket(byte[] packet, Instant timestamp, Direction direction, String comment)
            throws IOException {
        byte[] commentBytes = comment == null ? null : comment.getBytes(StandardCharsets.UTF_8);
        int optionsLength = optionLength(Integer.BYTES) + (commentBytes == null ? 0 : optionLength(commentBytes.length))
                + optionLength(0);
        ByteBuffer block = startBlock(ENHANCED_PACKET_BLOCK, EPB_FIXED + padded(packet.length) + optionsLength);
        long micros = Math.addExact(Math.multiplyExact(timestamp.getEpochSecond(), 1_000_000L),
                timestamp.getNano() / 1_000);
        block.putInt(0); // interface id: the only interface
        block.putInt((int) (micros >>> 32));
        block.putInt((int) micros);
        block.putInt(packet.length); // captured length: nothing is cut
        block.putInt(packet.length); // original length
        putPadded(block, packet);
        putOption(block, EPB_FLAGS, intBytes(direction.flags));
        if (commentBytes != null) {
            putOption(block, OPT_COMMENT, commentBytes);
        }
        putOption(block, OPT_ENDOFOPT, new byte[0]);
        endBlock(block);
    }

    /** Writes buffered blocks to the file. */
    public void flush() throws IOException {
        out.flush();
    }

    /** Flushes and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        out.close();
    }

    private void writeSectionHeader() throws IOException {
        byte[] application = "tunstack".getBytes(StandardCharsets.UTF_8);
        ByteBuffer block = startBlock(SECTION_HEADER_BLOCK,
                16 + optionLength(application.length) + optionLength(0));
        block.putInt(BYTE_ORDER_MAGIC);
        block.putShort((short) 1); // major version
        block.putShort((short) 0); // minor version
        block.putLong(-1L); // section length: not specified
        putOption(block, SHB_USERAPPL, application);
        putOption(block, OPT_ENDOFOPT, new byte[0]);
        endBlock(block);
    }

    private void writeInterfaceDescription(String interfaceName, LinkType linkType) throws IOException {
        byte[] name = interfaceName.getBytes(StandardCharsets.UTF_8);
        ByteBuffer block = startBlock(INTERFACE_DESCRIPTION_BLOCK, 8 + optionLength(name.length) + optionLength(0));
        block.putShort((short) linkType.pcapLinkType());
        block.putShort((short) 0); // reserved
        block.putInt(0); // snap length: no limit
        putOption(block, IF_NAME, name);
        putOption(block, OPT_ENDOFOPT, new byte[0]);
        endBlock(block);
    }

    private static ByteBuffer startBlock(int type, int bodyLength) {
        int total = BLOCK_FRAMING + bodyLength;
        ByteBuffer block = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        block.putInt(type);
        block.putInt(total);
        return block;
    }

    private void endBlock(ByteBuffer block) throws IOException {
        block.putInt(block.capacity());
        if (block.hasRemaining()) {
            throw new IllegalStateException("block length miscounted: " + block.remaining() + " bytes unwritten");
        }
        out.write(block.array(), 0, block.capacity());
    }

    /** An option is a 16-bit code, a 16-bit length, and the value padded to 32 bits. */
    private static int optionLength(int valueLength) {
        return 4 + padded(valueLength);
    }

    private static void putOption(ByteBuffer block, int code, byte[] value) {
        block.putShort((short) code);
        block.putShort((short) value.length);
        putPadded(block, value);
    }

    private static void putPadded(ByteBuffer block, byte[] value) {
        block.put(value);
        for (int i = value.length; i < padded(value.length); i++) {
            block.put((byte) 0);
        }
    }

    private static int padded(int length) {
        return (length + 3) & ~3;
    }

    private static byte[] intBytes(int value) {
        return ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }
}
