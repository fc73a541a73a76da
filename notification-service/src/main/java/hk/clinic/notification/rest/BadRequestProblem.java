package hk.clinic.notification.rest;

import java.util.List;

/** Invalid input found by a resource; answered as a 400 problem with the offending fields. */
public class BadRequestProblem extends RuntimeException {

    private final String slug;
    private final List<Problem.FieldError> errors;

    public BadRequestProblem(String slug, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.slug = slug;
        this.errors = errors;
    }

    public String slug() {
        return slug;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
