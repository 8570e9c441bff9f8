package io.tunstack.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: which build this is and what it runs on, so that a bug report says it in one paste:
 *
 * <pre>
 * tunstack 0.1.0-SNAPSHOT (commit 1a2b3c4d5e6f, built 2026-11-30T11:02:13Z)
 * JVM: OpenJDK 64-Bit Server VM 17.0.15+6-Debian-1deb12u1 (Debian), java.home /usr/lib/jvm/java-17-openjdk-amd64
 * OS: Linux 6.18.44 amd64
 * </pre>
 *
 * The version, the commit ({@code git describe --always --dirty}: {@code -dirty} when the working tree had changes)
 * and the build time are written into {@code version.properties} when the jar is built; the JVM and the OS are this
 * run's.
 */
final class VersionProvider implements IVersionProvider {

    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        Properties build = buildProperties();
        return new String[] {
            "tunstack " + build.getProperty("version", "unknown") + " (commit " + build.getProperty("commit", "unknown")
                    + ", built " + build.getProperty("date", "unknown") + ")",
            "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version") + " ("
                    + System.getProperty("java.vm.vendor") + "), java.home " + System.getProperty("java.home"),
            "OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                    + System.getProperty("os.arch")
        };
    }

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}. */
    static String version() {
        return buildProperties().getProperty("version", "unknown");
    }

    /** {@code version}, {@code commit} and {@code date}, as the build wrote them; empty when the jar has none. */
    private static Properties buildProperties() {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
