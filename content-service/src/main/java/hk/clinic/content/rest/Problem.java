package hk.clinic.content.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import hk.clinic.content.domain.FieldError;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** RFC 9457 problem details, the one error shape of every service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
        @Schema(example = "https://api.clinic.hk/problems/not-found") String type,
        @Schema(example = "Not found") String title,
        @Schema(example = "404") int status,
        @Schema(example = "No published guide complete-milia-remova") String detail,
        @Schema(example = "/api/v1/guides/complete-milia-remova") String instance,
        @Schema(description = "Field errors, for validation problems only") List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String BASE = "https://api.clinic.hk/problems/";
}
