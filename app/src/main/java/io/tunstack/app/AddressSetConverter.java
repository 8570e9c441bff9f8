package io.tunstack.app;

import io.tunstack.stack.address.AddressSet;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Lets picocli parse {@code --answer} with {@link AddressSet#parse}; a bad element becomes a one-line usage error. */
final class AddressSetConverter implements ITypeConverter<AddressSet> {

    @Override
    public AddressSet convert(String value) {
        try {
            return AddressSet.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
