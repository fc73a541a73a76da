package hk.clinic.notification.service;

/** content-service could not be reached and no copy of the plan was kept. */
public class ContentUnavailableException extends RuntimeException {

    public ContentUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
