import java.lang.invoke.*;
import java.lang.management.*;
public class AddressLookup {
    static final MethodHandle CONTAINS;
    static {
        try {
            boolean after = Boolean.getBoolean("after");
            Class<?> c = Class.forName(after ? "io.tunstack.stack.address.AddressSet" : "io.tunstack.stack.AddressSet");
            Object set = c.getMethod("parse", String.class).invoke(null, System.getProperty("set"));
            CONTAINS = MethodHandles.lookup().findVirtual(c, after ? "containsIpv4" : "contains",
                    MethodType.methodType(boolean.class, int.class)).bindTo(set);
        } catch (ReflectiveOperationException e) { throw new ExceptionInInitializerError(e); }
    }
    static long run(long ops, int base) throws Throwable {
        long hits = 0;
        for (long i = 0; i < ops; i++) {
            if ((boolean) CONTAINS.invokeExact(base + (int) (i & 3))) hits++;
        }
        return hits;
    }
    public static void main(String[] a) throws Throwable {
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        int base = Integer.parseUnsignedInt(System.getProperty("base"), 16);
        double[] v = new double[15]; long sink = 0;
        for (int b = 0; b < 20; b++) {
            long c0 = t.getCurrentThreadCpuTime();
            sink += run(10_000_000L, base);
            double ns = (t.getCurrentThreadCpuTime() - c0) / 1e7;
            if (b >= 5) v[b - 5] = ns;
        }
        java.util.Arrays.sort(v);
        System.out.printf("median cpu ns/lookup %.2f min %.2f (hits %d)%n", v[7], v[0], sink);
    }
}
