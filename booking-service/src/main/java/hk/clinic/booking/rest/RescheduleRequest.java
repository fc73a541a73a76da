package hk.clinic.booking.rest;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.time.LocalTime;

@Schema(name = "RescheduleRequest", description = "A new date and slot; the same rules as a new registration apply.")
public record RescheduleRequest(
        @Schema(required = true, examples = "2026-12-03", implementation = String.class, format = "date") @NotNull LocalDate preferredDate,
        @Schema(required = true, examples = "11:00", implementation = String.class, pattern = "^\\d{2}:\\d{2}$") @NotNull LocalTime preferredTime) {
}
