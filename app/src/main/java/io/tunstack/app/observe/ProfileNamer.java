package io.tunstack.app.observe;

import io.netty.buffer.ByteBuf;

/** Names the host profile a packet's destination has, for {@code --trace}. */
@FunctionalInterface
public interface ProfileNamer {

    /** No profiles. */
    ProfileNamer NONE = packet -> null;

    /**
     * The profile of {@code packet}'s destination as {@code slow (delay 50ms)}, or {@code null} when it has none. Reads
     * the packet without moving its indices; called from a worker's thread for each packet traced.
     */
    String profileOf(ByteBuf packet);
}
