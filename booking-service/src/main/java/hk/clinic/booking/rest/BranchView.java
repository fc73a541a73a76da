package hk.clinic.booking.rest;

import hk.clinic.booking.domain.BranchSchedule;
import hk.clinic.booking.domain.Language;
import hk.clinic.booking.domain.SlotRules;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

@Schema(name = "Branch", description = "A clinic branch with its week and the dates it is closed.")
public record BranchView(
        @Schema(examples = "causeway-bay") String code,
        @Schema(examples = "Causeway Bay") String name,
        @Schema(examples = "10/F, 500 Hennessy Road, Causeway Bay, Hong Kong") String address,
        @Schema(examples = "+85223456789") String phone,
        @Schema(description = "Opening hours per weekday; a missing weekday is closed") List<Hours> openingHours,
        @Schema(description = "Dates the branch is closed (public holidays)", examples = "[\"2026-12-25\"]") List<LocalDate> closedDates) {

    @Schema(name = "OpeningHours")
    public record Hours(
            @Schema(examples = "MONDAY") String weekday,
            @Schema(examples = "10:00") String opensAt,
            @Schema(examples = "20:00") String closesAt) {
    }

    static BranchView of(BranchSchedule b, Language language) {
        List<Hours> hours = b.hours().values().stream()
                .sorted(Comparator.comparing(h -> h.weekday()))
                .map(h -> new Hours(h.weekday().name(), SlotRules.format(h.opensAt()), SlotRules.format(h.closesAt())))
                .toList();
        return new BranchView(b.branch().code, b.branch().name().in(language), b.branch().address().in(language),
                b.branch().phone, hours, b.closedDates().stream().sorted().toList());
    }
}
