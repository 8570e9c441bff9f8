package io.tunstack.app;

/**
 * Times, on a cold JVM, picocli's model of tunstack's command line and jnr-ffi's binding of LibC. "parse": the command
 * line, then the binding, one after the other; "bind": the binding alone; "both": the binding on its daemon thread
 * while the main thread reads the command line, as Main does.
 */
public class T {
    public static void main(String[] a) throws Exception {
        long t0 = System.nanoTime();
        if (a[0].equals("both")) {
            io.tunstack.device.NativeBinding.prepareInBackground();
        }
        if (a[0].equals("parse") || a[0].equals("both")) {
            Main.commandLine().parseArgs();
        }
        long t1 = System.nanoTime();
        var libc = Class.forName("io.tunstack.device.Native").getDeclaredField("LIBC");
        libc.setAccessible(true);
        libc.get(null);
        long t2 = System.nanoTime();
        System.out.printf("%s parse %d ms bind %d ms uptime %d ms%n", a[0], (t1 - t0) / 1000000, (t2 - t1) / 1000000,
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
    }
}
