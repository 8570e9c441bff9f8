package io.tunstack.stack.ipv4;

import static io.tunstack.stack.ipv4.Ipv4OptionsTestPackets.RESPONDER;
import static io.tunstack.stack.ipv4.Ipv4OptionsTestPackets.echoRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.wire.Checksum;
import io.tunstack.stack.wire.Ipv4Packet;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile option areas, generated from a fixed seed (so a failure replays): options built from plausible pieces, then
 * a few bytes flipped. Whatever the bytes, validation never throws and points inside the option area, and a reply
 * built from options that passed is a well-formed datagram that carries the request's ICMP message unchanged.
 */
class Ipv4OptionsFuzzTest {

    private static final long SEED = 0x7475_6e73_7461_636bL;
    private static final int ROUNDS = 50_000;
    private static final int ICMP_LENGTH = 64;

    @Test
    @Timeout(60)
    void hostileOptionsNeverBreakValidationOrTheReply() {
        Random random = new Random(SEED);
        int valid = 0;
        int replied = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] options = randomOptions(random);
            String replay = "round " + round + ", options " + HexFormat.of().formatHex(options);
            ByteBuf packet = Unpooled.wrappedBuffer(echoRequest(options));
            try {
                Ipv4Packet ip = Ipv4Packet.newUnchecked(packet);
                int pointer = Ipv4Options.validate(ip);
                if (pointer != Ipv4Options.VALID) {
                    assertTrue(pointer >= Ipv4Packet.MIN_HEADER_LENGTH && pointer < ip.headerLength(),
                            "the pointer names an option octet: " + pointer + ", " + replay);
                    // Walkers meant for valid options still end on malformed ones (the @Timeout would catch a loop).
                    Ipv4Options.hasSourceRoute(ip);
                    Ipv4Options.copyCopiedOptions(ip, new byte[Ipv4Packet.MAX_HEADER_LENGTH], 0);
                    continue;
                }
                valid++;
                if (Ipv4Options.hasSourceRoute(ip)) {
                    continue;
                }
                String icmp = ByteBufUtil.hexDump(packet, ip.payloadOffset(), ip.payloadLength());
                if (Ipv4Options.updateForEchoReply(ip, RESPONDER, 0x0BADCAFE)) {
                    replied++;
                    assertWellFormedReply(ip, options.length, icmp, replay);
                }
            } catch (RuntimeException e) {
                fail("threw on " + replay, e);
            } finally {
                packet.release();
            }
        }
        // The generator must reach both sides of every check, or this test proves little.
        assertTrue(valid > ROUNDS / 10, "valid option areas: " + valid);
        assertTrue(replied > ROUNDS / 20, "replies: " + replied);
        assertTrue(ROUNDS - valid > ROUNDS / 10, "malformed option areas: " + (ROUNDS - valid));
    }

    private static void assertWellFormedReply(Ipv4Packet ip, int requestOptionsLength, String icmp, String replay) {
        ByteBuf buf = ip.buffer();
        assertTrue(ip.optionsLength() <= requestOptionsLength, replay);
        assertEquals(0, ip.optionsLength() % 4, replay);
        assertEquals(ip.headerLength() + ICMP_LENGTH, ip.totalLength(), replay);
        assertEquals(ip.totalLength(), buf.readableBytes(), replay);
        assertTrue(ip.verifyHeaderChecksum(), replay);
        assertEquals(icmp, ByteBufUtil.hexDump(buf, ip.payloadOffset(), ip.payloadLength()), replay);
        assertTrue(Checksum.isValid(buf, ip.payloadOffset(), ip.payloadLength()), replay);
        // Linux's ip_options_echo keeps Record Route and Timestamp only, then End of Option List padding.
        int option = ip.optionsOffset();
        int end = option + ip.optionsLength();
        while (option < end && buf.getUnsignedByte(option) != Ipv4Options.END_OF_OPTION_LIST) {
            int type = buf.getUnsignedByte(option);
            assertTrue(type == Ipv4Options.RECORD_ROUTE || type == Ipv4Options.TIMESTAMP, "kept type " + type
                    + ", " + replay);
            option += buf.getUnsignedByte(option + 1);
        }
        for (; option < end; option++) {
            assertEquals(Ipv4Options.END_OF_OPTION_LIST, buf.getUnsignedByte(option), "padding, " + replay);
        }
    }

    /** An option area of 0..40 bytes (4n) made of plausible options, with up to two bytes flipped. */
    private static byte[] randomOptions(Random random) {
        byte[] area = new byte[4 * random.nextInt(11)];
        int at = 0;
        while (at < area.length) {
            at = appendOption(random, area, at);
        }
        int flips = random.nextInt(3);
        for (int i = 0; i < flips && area.length > 0; i++) {
            area[random.nextInt(area.length)] = (byte) random.nextInt(256);
        }
        return area;
    }

    private static int appendOption(Random random, byte[] area, int at) {
        int room = area.length - at;
        int[] types = {Ipv4Options.NO_OPERATION, Ipv4Options.END_OF_OPTION_LIST, Ipv4Options.RECORD_ROUTE,
            Ipv4Options.RECORD_ROUTE, Ipv4Options.TIMESTAMP, Ipv4Options.TIMESTAMP, Ipv4Options.LOOSE_SOURCE_ROUTE,
            Ipv4Options.ROUTER_ALERT, Ipv4Options.CIPSO, 130, random.nextInt(256)};
        int type = types[random.nextInt(types.length)];
        area[at] = (byte) type;
        if (type == Ipv4Options.NO_OPERATION || type == Ipv4Options.END_OF_OPTION_LIST || room < 2) {
            return at + 1;
        }
        int length = random.nextInt(8) == 0 ? random.nextInt(256) : 2 + random.nextInt(room - 1);
        area[at + 1] = (byte) length;
        if (room >= 3) {
            // A pointer near the legal range most of the time: 4 or 5, a step of 4 further, or anything.
            int pointer = random.nextInt(4) == 0 ? random.nextInt(256) : 4 + random.nextInt(2) + 4 * random.nextInt(10);
            area[at + 2] = (byte) pointer;
        }
        if (room >= 4) {
            int[] flags = {0, 0, 1, 3, random.nextInt(16)};
            int overflow = random.nextInt(4) == 0 ? 15 : random.nextInt(3);
            area[at + 3] = (byte) (overflow << 4 | flags[random.nextInt(flags.length)]);
        }
        for (int i = at + 4; i < Math.min(area.length, at + Math.max(length, 4)); i++) {
            area[i] = (byte) (random.nextInt(3) == 0 ? 0xAC : random.nextInt(256));
        }
        return at + Math.max(2, Math.min(length, room));
    }
}
