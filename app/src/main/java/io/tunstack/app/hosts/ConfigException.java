package io.tunstack.app.hosts;

/**
 * A config file that cannot be used, in one line that names the file, the line and the key:
 * {@code tunstack.toml line 7, key hosts."172.21.22.30": 'delai': unknown word (expected: ...)}.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
