package io.tunstack.app;

import io.tunstack.stack.config.OpenPorts;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Lets picocli parse {@code --open PORT/PROTO[,...]} with {@link OpenPorts#parse}, whose message names the item that
 * is not valid; picocli turns it into a usage error (exit status 2).
 */
final class OpenPortsConverter implements ITypeConverter<OpenPorts> {

    @Override
    public OpenPorts convert(String value) {
        try {
            return OpenPorts.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
