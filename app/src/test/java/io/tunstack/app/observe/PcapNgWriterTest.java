package io.tunstack.app.observe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tunstack.device.LinkType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PcapNgWriterTest {

    /** The echo request of STYLE.md's captured exchange (ping -c 1 127.0.0.1), 84 bytes. */
    private static final byte[] REQUEST = HexFormat.of().parseHex(
            "45000054950d40004001a7997f0000017f000001080080e04caf0001f1b6076b"
                    + "00000000647a0e000000000010111213141516171819"
                    + "1a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637");
    /** An odd length, so that the packet data needs padding. */
    private static final byte[] ODD = HexFormat.of().parseHex("4500001500004000400100007f0000017f00000108");

    private static final Instant T1 = Instant.parse("2026-11-26T06:00:00.123456789Z");

    @Test
    void writesAReadableCaptureOfBlocks() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (PcapNgWriter writer = new PcapNgWriter(file, "tun0", LinkType.RAW_IP)) {
            writer.writePacket(REQUEST, T1, PcapNgWriter.Direction.INBOUND, null);
            writer.writePacket(ODD, T1.plusMillis(1), PcapNgWriter.Direction.OUTBOUND, "dropped: icmp-truncated");
        }
        List<Block> blocks = Block.parseAll(file.toByteArray());
        assertEquals(4, blocks.size());

        Block section = blocks.get(0);
        assertEquals(PcapNgWriter.SECTION_HEADER_BLOCK, section.type);
        assertEquals(PcapNgWriter.BYTE_ORDER_MAGIC, section.body.getInt(0));
        assertEquals(1, section.body.getShort(4), "major version");
        assertEquals(0, section.body.getShort(6), "minor version");
        assertEquals("tunstack", section.stringOption(16, PcapNgWriter.SHB_USERAPPL));

        Block iface = blocks.get(1);
        assertEquals(PcapNgWriter.INTERFACE_DESCRIPTION_BLOCK, iface.type);
        assertEquals(LinkType.RAW_IP.pcapLinkType(), iface.body.getShort(0));
        assertEquals("tun0", iface.stringOption(8, PcapNgWriter.IF_NAME));

        Block first = blocks.get(2);
        assertEquals(PcapNgWriter.ENHANCED_PACKET_BLOCK, first.type);
        assertEquals(0, first.body.getInt(0), "interface id");
        long micros = (Integer.toUnsignedLong(first.body.getInt(4)) << 32) | Integer.toUnsignedLong(first.body.getInt(8));
        assertEquals(T1.getEpochSecond() * 1_000_000 + 123_456, micros, "timestamp in microseconds");
        assertArrayEquals(REQUEST, first.packetData());
        Map<Integer, byte[]> firstOptions = first.options(20 + 84);
        assertEquals(PcapNgWriter.EPB_FLAG_INBOUND, ByteBuffer.wrap(firstOptions.get(PcapNgWriter.EPB_FLAGS))
                .order(ByteOrder.LITTLE_ENDIAN).getInt());
        assertFalse(firstOptions.containsKey(PcapNgWriter.OPT_COMMENT));

        Block second = blocks.get(3);
        assertArrayEquals(ODD, second.packetData());
        Map<Integer, byte[]> secondOptions = second.options(20 + 24);
        assertEquals(PcapNgWriter.EPB_FLAG_OUTBOUND, ByteBuffer.wrap(secondOptions.get(PcapNgWriter.EPB_FLAGS))
                .order(ByteOrder.LITTLE_ENDIAN).getInt());
        assertEquals("dropped: icmp-truncated",
                new String(secondOptions.get(PcapNgWriter.OPT_COMMENT), StandardCharsets.UTF_8));
    }

    @Test
    void nothingReachesTheFileBeforeFlushButWholeBlocks() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        PcapNgWriter writer = new PcapNgWriter(file, "tun0", LinkType.RAW_IP);
        writer.writePacket(REQUEST, T1, PcapNgWriter.Direction.INBOUND, null);
        assertEquals(0, file.size(), "buffered until flush");
        writer.flush();
        assertEquals(3, Block.parseAll(file.toByteArray()).size());
        writer.close();
    }

    /** One pcapng block, parsed independently of the writer: type, body, and a check of both length fields. */
    private static final class Block {
        final int type;
        final ByteBuffer body;

        private Block(int type, ByteBuffer body) {
            this.type = type;
            this.body = body;
        }

        static List<Block> parseAll(byte[] file) {
            ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
            List<Block> blocks = new ArrayList<>();
            while (in.hasRemaining()) {
                int start = in.position();
                int type = in.getInt();
                int length = in.getInt();
                assertEquals(0, length % 4, "block length is a multiple of 4");
                assertEquals(length, in.getInt(start + length - 4), "trailing block length");
                ByteBuffer body = ByteBuffer.wrap(file, start + 8, length - 12).slice()
                        .order(ByteOrder.LITTLE_ENDIAN);
                blocks.add(new Block(type, body));
                in.position(start + length);
            }
            return blocks;
        }

        /** The packet data of an Enhanced Packet Block: captured length at body offset 12, data at 20. */
        byte[] packetData() {
            byte[] data = new byte[body.getInt(12)];
            assertEquals(data.length, body.getInt(16), "original length");
            body.get(20, data);
            return data;
        }

        /** Options from body offset {@code at} until opt_endofopt, which must end the body. */
        Map<Integer, byte[]> options(int at) {
            Map<Integer, byte[]> options = new HashMap<>();
            int position = (at + 3) & ~3;
            while (true) {
                int code = body.getShort(position) & 0xFFFF;
                int length = body.getShort(position + 2) & 0xFFFF;
                if (code == PcapNgWriter.OPT_ENDOFOPT) {
                    assertEquals(body.limit(), position + 4, "opt_endofopt ends the block");
                    return options;
                }
                byte[] value = new byte[length];
                body.get(position + 4, value);
                options.put(code, value);
                position += 4 + ((length + 3) & ~3);
            }
        }

        String stringOption(int at, int code) {
            return new String(options(at).get(code), StandardCharsets.UTF_8);
        }
    }
}
