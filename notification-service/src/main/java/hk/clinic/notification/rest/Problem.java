package hk.clinic.notification.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** RFC 9457 problem details, the body of every error this service answers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
        @Schema(examples = "https://api.clinic.hk/problems/not-found") String type,
        @Schema(examples = "Not found") String title,
        @Schema(examples = "404") int status,
        @Schema(examples = "No notification 3f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01") String detail,
        @Schema(examples = "/api/v1/staff/notifications/3f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01/retry") String instance,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String BASE = "https://api.clinic.hk/problems/";

    @Schema(name = "FieldError")
    public record FieldError(@Schema(examples = "registrationId") String field,
                             @Schema(examples = "must be a UUID") String message) {
    }

    public static Problem of(String slug, String title, int status, String detail, String instance) {
        return new Problem(BASE + slug, title, status, detail, instance, null);
    }
}
