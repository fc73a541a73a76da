package hk.clinic.booking.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.List;

@Schema(name = "Availability", description = "Remaining places per slot; dates outside minimalDate..maximalDate are left out.")
public record AvailabilityView(
        @Schema(examples = "acne-treatment-trial") String treatmentCode,
        @Schema(examples = "causeway-bay") String branchCode,
        @Schema(description = "First bookable date, counted in Asia/Hong_Kong", examples = "2026-11-27") LocalDate minimalDate,
        @Schema(description = "Last bookable date, counted in Asia/Hong_Kong", examples = "2027-01-25") LocalDate maximalDate,
        List<Day> days) {

    @Schema(name = "AvailabilityDay")
    public record Day(
            @Schema(examples = "2026-12-01") LocalDate date,
            @Schema(description = "True on a closed weekday or closed date (then no slots)", examples = "false") boolean closed,
            List<Slot> slots) {
    }

    @Schema(name = "AvailabilitySlot")
    public record Slot(
            @Schema(examples = "14:30") String time,
            @Schema(description = "Places left; 0 means full", examples = "3") int remaining) {
    }
}
