package io.tunstack.app;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.tunstack.app.observe.CounterSource;
import io.tunstack.app.observe.DeviceCounters;
import io.tunstack.app.observe.QueueCounters;
import io.tunstack.stack.NetworkStack;
import io.tunstack.stack.address.AddressSet;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.link.LinkLayer;
import io.tunstack.stack.link.RawIpLayer;
import io.tunstack.stack.verdict.StackCounters;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The run the build records for tunstack's class-data-sharing archive ({@code app/target/tunstack.jsa}): it loads the
 * classes a real start loads, without a device, a socket or a thread of its own, so that it can run on any build
 * machine, as any user.
 *
 * <p>The build runs it with {@code -XX:DumpLoadedClassList}, then dumps the archive from that list with
 * {@code -Xshare:dump} (JDK 17 has no {@code -XX:+AutoCreateSharedArchive}; a static archive is also the one a
 * read-only container can use). A class this run misses is loaded from the jar as without the archive: the archive
 * makes the start faster, it never changes what runs.
 *
 * <p>What it covers: the command line parsed into settings (picocli), jnr-ffi binding the C library (the stubs it
 * generates are not archived, their loaders are), the pooled direct buffer, one real echo request through a
 * {@link NetworkStack} (the captured {@code ping -c 1 127.0.0.1} of the project's style guide, answered by a loopback
 * configuration as the stack's tests answer it), the summary, and the logger. Not covered: {@code --explain},
 * {@code --metrics}, {@code --pcap} and the subcommands, which load their classes only when asked for.
 */
final class ClassListTraining {

    /** {@code ping -c 1 127.0.0.1}, 84 bytes, as {@code tcpdump -x} showed it. */
    private static final String ECHO_REQUEST = "4500 0054 950d 4000 4001 a799 7f00 0001 7f00 0001 0800 80e0 4caf 0001"
            + " f1b6 076b 0000 0000 647a 0e00 0000 0000 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f 2021 2223 2425 2627"
            + " 2829 2a2b 2c2d 2e2f 3031 3233 3435 3637";

    private ClassListTraining() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        TunstackCommand command = new TunstackCommand();
        Main.commandLine(command).parseArgs("--device", "tun0", "--queues", "1");
        ResponderSettings settings = command.settings();
        settings.stackConfig(StackConfig.DEFAULT_MTU);
        // Binds the C library as the first device call does, and calls nothing in it.
        Class.forName("io.tunstack.device.Native", true, ClassListTraining.class.getClassLoader());
        LoggerFactory.getLogger(Responder.class).debug("class list training");

        StackConfig loopback = StackConfig.builder()
                .address(InterfaceAddress.ipv4(0x7F0000FE, 8))
                .answered(AddressSet.parse("127.0.0.1"))
                .acceptLoopbackSource(true)
                .build();
        NetworkStack stack = new NetworkStack(loopback, new StackCounters());
        LinkLayer layer = new RawIpLayer(stack); // as a TUN device's worker holds it
        DeviceCounters device = new DeviceCounters();
        ByteBuf packet = PooledByteBufAllocator.DEFAULT.directBuffer(Worker.BUFFER_CAPACITY, Worker.BUFFER_CAPACITY);
        try {
            packet.writeBytes(HexFormat.of().parseHex(ECHO_REQUEST.replace(" ", "")));
            layer.receive(packet, reply -> device.countWritten());
        } finally {
            packet.release();
            layer.close();
        }
        Summary summary = Summary.of(CounterSource.of(List.of(new QueueCounters(stack.counters(), device))));
        if (device.packetsWritten() != 1) {
            throw new IllegalStateException("the training request was not answered: " + summary.countsLine());
        }
        summary.lines();
    }
}
