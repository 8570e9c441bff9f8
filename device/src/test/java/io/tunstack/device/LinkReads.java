package io.tunstack.device;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.util.function.Predicate;

/** Reading the one packet a test waits for from a {@link Link}, past what the kernel sends by itself. */
final class LinkReads {

    /** More than the kernel's own chatter after link-up (router solicitations, MLD reports). */
    private static final int ATTEMPTS = 20;
    private static final int TIMEOUT_MILLIS = 5_000;

    private LinkReads() {
    }

    /**
     * Reads packets into {@code buf}, each from its start, until one is {@code wanted}, and returns {@code buf}.
     *
     * @param what the packet waited for, for the failure message
     */
    static ByteBuf readUntil(Link link, ByteBuf buf, Predicate<ByteBuf> wanted, String what) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            buf.clear();
            int length = link.read(buf, TIMEOUT_MILLIS);
            assertTrue(length > 0, "a packet within " + TIMEOUT_MILLIS + " ms, got " + length);
            if (wanted.test(buf)) {
                return buf;
            }
        }
        throw new AssertionError("no " + what + " among " + ATTEMPTS + " packets read");
    }
}
