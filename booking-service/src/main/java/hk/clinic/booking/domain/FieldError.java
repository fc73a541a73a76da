package hk.clinic.booking.domain;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One invalid input field and what is wrong with it. */
@Schema(name = "FieldError")
public record FieldError(
        @Schema(description = "The field's JSON path in the request (or the query parameter)", examples = "preferredDate") String field,
        @Schema(examples = "Date should not be before minimal date 2026-11-28") String message) {
}
