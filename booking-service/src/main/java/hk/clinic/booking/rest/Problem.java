package hk.clinic.booking.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import hk.clinic.booking.domain.FieldError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** An RFC 9457 problem document: every error this API answers has this shape. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem details; `errors` lists invalid fields for validation problems.")
public record Problem(
        @Schema(examples = "https://api.clinic.hk/problems/validation-failed") String type,
        @Schema(examples = "Invalid request") String title,
        @Schema(examples = "400") int status,
        @Schema(examples = "Date should not be before minimal date 2026-11-28") String detail,
        @Schema(examples = "/api/v1/registrations") String instance,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://api.clinic.hk/problems/";

    public static Problem of(String slug, String title, int status, String detail, String instance, List<FieldError> errors) {
        return new Problem(TYPE_BASE + slug, title, status, detail, instance, errors == null ? List.of() : errors);
    }

    public Response toResponse() {
        return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(this).build();
    }
}
