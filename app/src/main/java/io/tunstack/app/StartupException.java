package io.tunstack.app;

/**
 * The responder could not start: the device could not be opened, attached or configured. The message is one line
 * for the user (see {@link DeviceErrors}); the command prints it without a stack trace and exits with status 1.
 */
final class StartupException extends Exception {

    StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
