package io.tunstack.it.hostile;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * What the end-to-end hostile-input tests need: root (network namespaces, a TUN device), /dev/net/tun, iproute2,
 * ping, python3 and the built jar. Without them a test is skipped with the reason, except under {@code CI=true},
 * where a missing prerequisite fails the test: CI must never pass by skipping.
 */
final class HostilePrerequisites {

    private HostilePrerequisites() {
    }

    /** The repository root, from the {@code tunstack.root} system property that failsafe sets. */
    static Path root() {
        return Path.of(System.getProperty("tunstack.root", "..")).toAbsolutePath().normalize();
    }

    /** The runnable jar, from the {@code tunstack.jar} system property that failsafe sets. */
    static Path jar() {
        return Path.of(System.getProperty("tunstack.jar", "../app/target/tunstack.jar")).toAbsolutePath().normalize();
    }

    static Path injector() {
        return root().resolve("tools/inject/tuninject.py");
    }

    /** Skips (or, with CI=true, fails) unless everything the tests need is here, the built jar included. */
    static void check() {
        List<String> missing = missingSystemPrerequisites();
        if (!Files.isRegularFile(jar())) {
            missing.add(jar() + " (build it: mvn -pl app -am package)");
        }
        skipOrFail(missing);
    }

    /** Like {@link #check()}, for a test that does not run tunstack: the jar may be missing. */
    static void checkWithoutJar() {
        skipOrFail(missingSystemPrerequisites());
    }

    private static List<String> missingSystemPrerequisites() {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("root (to create network namespaces and TUN devices)");
        }
        if (!Files.exists(Path.of("/dev/net/tun"))) {
            missing.add("/dev/net/tun (modprobe tun)");
        }
        for (String tool : List.of("ip", "ping", "python3")) {
            if (!onPath(tool)) {
                missing.add(tool + " on the PATH");
            }
        }
        if (!Files.isRegularFile(injector())) {
            missing.add(injector().toString());
        }
        return missing;
    }

    private static void skipOrFail(List<String> missing) {
        if (missing.isEmpty()) {
            return;
        }
        String reason = "end-to-end hostile-input tests need " + String.join(", ", missing);
        if ("true".equals(System.getenv("CI"))) {
            fail(reason + " (CI=true: a skipped end-to-end test would hide a failure)");
        }
        Assumptions.abort(reason);
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
