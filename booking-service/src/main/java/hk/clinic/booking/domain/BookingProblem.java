package hk.clinic.booking.domain;

import java.util.List;

/**
 * A booking rule said no. The kind decides the answer's status (the REST layer maps it to an RFC 9457
 * problem); the transaction it is thrown in rolls back, so nothing is stored.
 */
public class BookingProblem extends RuntimeException {

    public enum Kind { INVALID, NOT_FOUND, CONFLICT, UNPROCESSABLE, RATE_LIMITED }

    private final Kind kind;
    private final String slug;
    private final String title;
    private final List<FieldError> errors;
    private final long retryAfterSeconds;

    public BookingProblem(Kind kind, String slug, String title, String detail, List<FieldError> errors,
                          long retryAfterSeconds) {
        super(detail, null, false, false);
        this.kind = kind;
        this.slug = slug;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static BookingProblem invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static BookingProblem invalid(List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).message() : "The request has " + errors.size() + " invalid fields.";
        return new BookingProblem(Kind.INVALID, "validation-failed", "Invalid request", detail, errors, 0);
    }

    public static BookingProblem notFound(String slug, String title, String detail) {
        return new BookingProblem(Kind.NOT_FOUND, slug, title, detail, List.of(), 0);
    }

    public static BookingProblem conflict(String slug, String title, String detail) {
        return new BookingProblem(Kind.CONFLICT, slug, title, detail, List.of(), 0);
    }

    public static BookingProblem conflict(String slug, String title, String detail, FieldError error) {
        return new BookingProblem(Kind.CONFLICT, slug, title, detail, List.of(error), 0);
    }

    public static BookingProblem rateLimited(String detail, long retryAfterSeconds) {
        return new BookingProblem(Kind.RATE_LIMITED, "rate-limited", "Too many requests", detail, List.of(),
                Math.max(1, retryAfterSeconds));
    }

    public Kind kind() {
        return kind;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
