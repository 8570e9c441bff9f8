package io.tunstack.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tunstack.stack.NetworkStack;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.address.IpRange;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.profile.HostProfile;
import io.tunstack.stack.profile.ProfileCounters;
import io.tunstack.stack.profile.ProfileSource;
import io.tunstack.stack.profile.ProfileTable;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code --trace} says a profile did, read from a real stack's record of the packet it received last. */
class ProfileEffectTest {

    private static NetworkStack stack(String words) {
        ProfileTable table = ProfileTable.of(List.of(new ProfileTable.Entry(IpRange.parse("172.21.22.26"),
                words, HostProfile.parse(words), new ProfileCounters())));
        return new NetworkStack(StackConfig.builder().address(InterfaceAddress.parse("172.21.22.23/24"))
                .profiles(ProfileSource.of(table)).seed(1L).build(), new StackCounters());
    }

    private static String traceOfOneEcho(String words) {
        try (NetworkStack stack = stack(words)) {
            io.netty.buffer.ByteBuf request = io.netty.buffer.Unpooled.directBuffer(84);
            try {
                request.writeBytes(io.tunstack.stack.CraftedPackets.echoRequest(
                        io.tunstack.stack.address.Ipv4Address.parse("172.21.22.23"),
                        io.tunstack.stack.address.Ipv4Address.parse("172.21.22.26"), 7, 1, new byte[56]));
                Verdict verdict = stack.receive(request, packet -> { });
                return ProfileEffect.describe(stack.profileEffects(), verdict);
            } finally {
                request.release();
            }
        }
    }

    @Test
    void aDelayedAnswerSaysHowLongItIsHeld() {
        assertEquals("profile delay 50ms: held 50.0 ms", traceOfOneEcho("delay 50ms"));
    }

    @Test
    void aDuplicatedAndDelayedAnswerSaysBoth() {
        assertEquals("profile delay 20ms duplicate 100%: held 20.0 ms, sent twice",
                traceOfOneEcho("delay 20ms duplicate 100%"));
    }

    @Test
    void aDropLeavesTheRestToTheVerdict() {
        assertEquals("profile down", traceOfOneEcho("down"));
    }
}
