/** An empty main: the JVM's own start with the launcher's flags and archive. */
public class H { public static void main(String[] a) { } }
