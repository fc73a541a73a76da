package hk.clinic.booking.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import hk.clinic.booking.domain.BookingWindow;
import hk.clinic.booking.domain.ConsentRecord;
import hk.clinic.booking.domain.Registration;
import hk.clinic.booking.domain.SlotRules;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "manageToken"})
@Schema(name = "Registration", description = "A registration. manageToken is present once, in the 201 answer (and its idempotent replay).")
public record RegistrationView(
        @Schema(examples = "5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01") UUID id,
        @Schema(description = "Secret for GET/PATCH/DELETE in X-Manage-Token; returned once, stored only as a hash",
                examples = "q2Zb9m3W0Xr1Yk6mX9rV3nT3cO6pXz1gU2o8d1bq4Ls") String manageToken,
        @Schema(examples = "SUBMITTED", enumeration = {"SUBMITTED", "RESCHEDULED", "CANCELLED", "ATTENDED", "NO_SHOW"}) String status,
        @Schema(examples = "acne-treatment-trial") String treatmentCode,
        @Schema(examples = "causeway-bay") String branchCode,
        @Schema(examples = "2026-12-01") LocalDate preferredDate,
        @Schema(examples = "14:30") String preferredTime,
        @Schema(examples = "2026-12-01T14:30:00+08:00") OffsetDateTime startsAt,
        @Schema(examples = "2026-12-01T15:30:00+08:00") OffsetDateTime endsAt,
        @Schema(examples = "Chan Tai Man") String fullName,
        @Schema(description = "E.164", examples = "+85291234567") String phone,
        @Schema(examples = "chan@example.com") String email,
        @Schema(examples = "zh-HK") String language,
        @Schema(examples = "false") boolean marketingOptIn,
        RegistrationRequest.Source source,
        ConsentView consent,
        @Schema(examples = "2026-11-26T09:00:00Z") Instant createdAt,
        @Schema(examples = "2026-12-01T14:40:00+08:00") OffsetDateTime treatedAt) {

    @Schema(name = "ConsentRecord")
    public record ConsentView(
            @Schema(examples = "2025-10") String termsVersion,
            @Schema(examples = "2025-10") String privacyVersion,
            @Schema(examples = "true") boolean accepted,
            @Schema(examples = "web") String channel,
            @Schema(examples = "2026-11-26T09:00:00Z") Instant acceptedAt) {
    }

    static RegistrationView of(Registration r, ConsentRecord consent, String manageToken, int durationMinutes) {
        var starts = r.slotDate.atTime(r.slotTime).atZone(BookingWindow.CLINIC_ZONE).toOffsetDateTime();
        return new RegistrationView(r.id, manageToken, r.status.name(), r.treatmentCode, r.branchCode, r.slotDate,
                SlotRules.format(r.slotTime), starts, starts.plusMinutes(durationMinutes), r.fullName, r.phone, r.email,
                r.language, r.marketingOptIn,
                r.sourceChannel == null && r.sourceCampaign == null ? null : new RegistrationRequest.Source(r.sourceChannel, r.sourceCampaign),
                consent == null ? null : new ConsentView(consent.termsVersion, consent.privacyVersion, true, consent.channel, consent.acceptedAt),
                r.createdAt, r.treatedAt == null ? null : r.treatedAt.atZone(BookingWindow.CLINIC_ZONE).toOffsetDateTime());
    }
}
