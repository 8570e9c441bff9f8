package io.tunstack.stack.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Golden files: expected output kept verbatim under src/test/resources, next to the test's package. */
final class Golden {

    private Golden() {
    }

    /** Asserts that {@code actual} is the content of the resource {@code name}, beside {@code test}. */
    static void assertMatches(Class<?> test, String name, String actual) {
        try (InputStream in = test.getResourceAsStream(name)) {
            assertNotNull(in, "golden file missing: " + name);
            String expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(expected, actual, "output differs from golden file " + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
