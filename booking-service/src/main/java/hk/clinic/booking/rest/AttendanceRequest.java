package hk.clinic.booking.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;

@Schema(name = "AttendanceRequest", description = "ATTENDED with the time of the treatment (starts the aftercare series), or NO_SHOW.")
public record AttendanceRequest(
        @Schema(required = true, enumeration = {"ATTENDED", "NO_SHOW"}, examples = "ATTENDED")
        @NotNull(message = "Status is required")
        @Pattern(regexp = "ATTENDED|NO_SHOW", message = "Status should be ATTENDED or NO_SHOW") String status,
        @Schema(description = "Required for ATTENDED: ISO-8601 with offset", examples = "2026-12-01T14:40:00+08:00",
                implementation = String.class, format = "date-time")
        OffsetDateTime treatedAt) {
}
