package io.tunstack.app;

import io.tunstack.stack.address.InterfaceAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Lets picocli parse {@code --address} ({@code 172.21.22.23/24}) with {@link InterfaceAddress#parse}; a bad value
 * becomes a one-line usage error that quotes it. IPv4 only until the stack runs IPv6.
 */
final class InterfaceAddressConverter implements ITypeConverter<InterfaceAddress> {

    @Override
    public InterfaceAddress convert(String value) {
        InterfaceAddress address;
        try {
            address = InterfaceAddress.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "': " + e.getMessage());
        }
        return address;
    }
}
