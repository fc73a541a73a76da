package hk.clinic.notification.messaging;

/** A record that can never be applied (malformed, unknown type, missing data): it goes to the dead-letter topic. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
