package io.tunstack.app;

import java.nio.charset.StandardCharsets;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Checks {@code --device} the way the kernel's {@code dev_valid_name()} does, so that a bad name is a usage error
 * before any system call: 1 to 15 bytes ({@code IFNAMSIZ - 1}), not {@code .} or {@code ..}, and no {@code /},
 * {@code :} or white space.
 */
final class DeviceNameConverter implements ITypeConverter<String> {

    /** {@code IFNAMSIZ} is 16 bytes including the terminating NUL. */
    static final int MAX_NAME_BYTES = 15;

    @Override
    public String convert(String name) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0) {
            throw new TypeConversionException("the device name is empty");
        }
        if (bytes > MAX_NAME_BYTES) {
            throw new TypeConversionException("device name '" + name + "' is " + bytes
                    + " bytes long (expected: at most " + MAX_NAME_BYTES + ")");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new TypeConversionException("'" + name + "' is not a valid device name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == ':' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new TypeConversionException(
                        "device name '" + name + "' contains '" + c + "' (not allowed: '/', ':', white space)");
            }
        }
        return name;
    }
}
