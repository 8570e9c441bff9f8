package io.tunstack.device;

import java.nio.charset.StandardCharsets;

/**
 * Checks a network interface name before it reaches the kernel, with the rules of the kernel's
 * {@code dev_valid_name()} ({@code net/core/dev.c}): at most {@code IFNAMSIZ - 1} = 15 bytes, not {@code "."} or
 * {@code ".."}, and no {@code '/'}, {@code ':'}, whitespace or NUL. A user then reads what is wrong with the name,
 * instead of a bare {@code EINVAL}.
 */
public final class InterfaceName {

    /** {@code IFNAMSIZ - 1}: the terminating NUL takes the last of the 16 bytes. */
    public static final int MAX_BYTES = Linux.IFNAMSIZ - 1;

    private InterfaceName() {
    }

    /**
     * Returns {@code name} when the kernel would accept it.
     *
     * @param allowEmpty whether {@code ""} is accepted: {@code TUNSETIFF} then lets the kernel choose {@code tunN}
     * @throws IllegalArgumentException saying what is wrong, e.g. {@code "invalid interface name 'a/b': contains '/'"}
     */
    public static String validate(String name, boolean allowEmpty) {
        if (name.isEmpty()) {
            if (allowEmpty) {
                return name;
            }
            throw invalid(name, "empty");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw invalid(name, bytes + " bytes (expected: at most " + MAX_BYTES + ")");
        }
        if (name.equals(".") || name.equals("..")) {
            throw invalid(name, "reserved");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == ':') {
                throw invalid(name, "contains '" + c + "'");
            }
            if (c == '\0' || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                throw invalid(name, "contains whitespace or NUL at index " + i);
            }
        }
        return name;
    }

    private static IllegalArgumentException invalid(String name, String why) {
        String shown = name.replaceAll("\\p{Cntrl}", "?");
        return new IllegalArgumentException("invalid interface name '" + shown + "': " + why);
    }
}
