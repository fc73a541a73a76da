package hk.clinic.booking.rest;

import hk.clinic.booking.domain.Language;
import hk.clinic.booking.domain.Treatment;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Treatment", description = "A bookable treatment, named in the answer's language.")
public record TreatmentView(
        @Schema(description = "Stable code shared with content-service", examples = "acne-treatment-trial") String code,
        @Schema(examples = "Acne Treatment (free trial)") String name,
        @Schema(description = "Whether this is a free trial (one active per phone number)", examples = "true") boolean freeTrial,
        @Schema(description = "Calendar days of notice: the minimal date is today (Hong Kong) plus this", examples = "1") int minimumNoticeDays,
        @Schema(description = "The maximal date is today (Hong Kong) plus this many days", examples = "60") int maximumAdvanceDays,
        @Schema(description = "Length of one appointment", examples = "60") int durationMinutes,
        @Schema(description = "Slot starts are this many minutes apart from opening time", examples = "30") int slotIntervalMinutes) {

    static TreatmentView of(Treatment t, Language language) {
        return new TreatmentView(t.code, t.name().in(language), t.freeTrial, t.minNoticeDays, t.maxAdvanceDays,
                t.durationMinutes, t.slotIntervalMinutes);
    }
}
