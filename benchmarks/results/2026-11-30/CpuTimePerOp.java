import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;

/**
 * The CPU time (not the wall time) one benchmark operation costs, for a machine that other processes load: time the
 * benchmark thread spends descheduled is not counted, so the figure stays close to the uncontended cost where JMH's
 * wall-clock average does not. Drives the JMH benchmark classes of either jar unchanged, through their public setUp()
 * and benchmark method. Run with the jar on the class path (Java's single-file source launcher):
 *
 * <pre>
 * java -Dbench=io.tunstack.benchmarks.EchoReplyBenchmark -Dfield=payload -Dvalue=56 \
 *      -cp /tmp/bench-jars/after/benchmarks.jar CpuTimePerOp.java
 * </pre>
 *
 * Prints the thread CPU ns per operation of each batch of {@code -Dops} calls; the first {@code -Dwarmup} batches
 * are warm-up (JIT) and left out of the median on the last line.
 */
public class CpuTimePerOp {

    private static final MethodHandle OP;

    static {
        try {
            Class<?> type = Class.forName(System.getProperty("bench", "io.tunstack.benchmarks.EchoReplyBenchmark"));
            Object state = type.getDeclaredConstructor().newInstance();
            Field field = type.getDeclaredField(System.getProperty("field", "payload"));
            field.setAccessible(true);
            String value = System.getProperty("value", "56");
            if (field.getType() == int.class) {
                field.setInt(state, Integer.parseInt(value));
            } else {
                field.set(state, enumValue(field.getType(), value));
            }
            type.getMethod("setUp").invoke(state);
            OP = MethodHandles.lookup().unreflect(type.getMethod(System.getProperty("method", "requestToReply")))
                    .bindTo(state).asType(MethodType.methodType(Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> type, String name) {
        return Enum.valueOf((Class) type, name);
    }

    /** Runs the operation {@code ops} times; counts null results so that the calls cannot be left out. */
    private static long run(long ops) throws Throwable {
        long nulls = 0;
        for (long i = 0; i < ops; i++) {
            Object result = (Object) OP.invokeExact();
            if (result == null) {
                nulls++;
            }
        }
        return nulls;
    }

    public static void main(String[] args) throws Throwable {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int batches = Integer.getInteger("batches", 20);
        int warmup = Integer.getInteger("warmup", 5);
        long ops = Long.getLong("ops", 2_000_000L);
        double[] cpu = new double[batches - warmup];
        long sink = 0;
        StringBuilder line = new StringBuilder();
        for (int b = 0; b < batches; b++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            sink += run(ops);
            double cpuPerOp = (threads.getCurrentThreadCpuTime() - cpu0) / (double) ops;
            double wallPerOp = (System.nanoTime() - wall0) / (double) ops;
            line.append(String.format(" %.1f/%.1f", cpuPerOp, wallPerOp));
            if (b >= warmup) {
                cpu[b - warmup] = cpuPerOp;
            }
        }
        java.util.Arrays.sort(cpu);
        double median = cpu.length % 2 == 1 ? cpu[cpu.length / 2] : (cpu[cpu.length / 2 - 1] + cpu[cpu.length / 2]) / 2;
        System.out.println("batches cpu/wall ns per op:" + line);
        System.out.printf("median cpu ns/op %.1f min %.1f (null results %d)%n", median, cpu[0], sink);
    }
}
