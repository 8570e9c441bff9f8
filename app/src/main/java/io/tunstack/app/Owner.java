package io.tunstack.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The user (and group) a persistent device is made for: a user name, looked up in {@code /etc/passwd} with its
 * primary group, or {@code UID:GID}.
 */
record Owner(String name, int uid, int gid) {

    private static final Path PASSWD = Path.of("/etc/passwd");

    /** Parses {@code NAME} or {@code UID:GID}; {@code passwd} is the text of /etc/passwd. */
    static Owner parse(String text, String passwd) {
        int colon = text.indexOf(':');
        if (colon > 0 && text.chars().allMatch(c -> c == ':' || c >= '0' && c <= '9')) {
            return new Owner(text, Integer.parseInt(text.substring(0, colon)), Integer.parseInt(text.substring(colon + 1)));
        }
        for (String line : passwd.split("\n")) {
            // name:password:UID:GID:comment:home:shell
            String[] fields = line.split(":", -1);
            if (fields.length >= 4 && fields[0].equals(text)) {
                return new Owner(text, Integer.parseInt(fields[2]), Integer.parseInt(fields[3]));
            }
        }
        throw new IllegalArgumentException("no user '" + text + "' in /etc/passwd (expected: a user name or UID:GID)");
    }

    static final class Converter implements ITypeConverter<Owner> {
        @Override
        public Owner convert(String value) {
            try {
                return parse(value, Files.readString(PASSWD));
            } catch (IOException | IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
