package hk.clinic.booking.rest;

import hk.clinic.booking.domain.ValidPhone;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.time.LocalTime;

@Schema(name = "RegistrationRequest", description = "The self-registration form. Date and slot must be offered by "
        + "GET /api/v1/availability; the required consent is separate from the optional marketing opt-in.")
public record RegistrationRequest(
        @Schema(required = true, examples = "acne-treatment-trial") @NotBlank String treatmentCode,
        @Schema(required = true, examples = "causeway-bay") @NotBlank String branchCode,
        @Schema(required = true, description = "yyyy-MM-dd, from minimalDate to maximalDate (Asia/Hong_Kong), not a closed day",
                examples = "2026-12-01", implementation = String.class, format = "date")
        @NotNull LocalDate preferredDate,
        @Schema(required = true, description = "HH:mm, a slot start within opening hours", examples = "14:30",
                implementation = String.class, pattern = "^\\d{2}:\\d{2}$")
        @NotNull LocalTime preferredTime,
        @Schema(required = true, description = "1-100 letters (any script), marks, spaces, . ' -", examples = "Chan Tai Man",
                maxLength = 100, pattern = DOCUMENTED_NAME)
        @NotBlank(message = "Full name is required")
        @Size(max = 100, message = "Full name should be at most 100 characters")
        @Pattern(regexp = NAME, message = "Full name may contain only letters, spaces and . ' -") String fullName,
        @Schema(required = true, description = "A valid phone number; Hong Kong if no country code; stored as E.164",
                examples = "+852 9123 4567")
        @NotBlank(message = "Phone is required") @ValidPhone String phone,
        @Schema(description = "Optional e-mail address", examples = "chan@example.com")
        @Email(regexp = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", message = "Email should be a valid e-mail address")
        @Size(max = 254) String email,
        @Schema(required = true, description = "Language for messages to the person", enumeration = {"en", "zh-HK"}, examples = "zh-HK")
        @NotNull(message = "Language is required")
        @Pattern(regexp = "en|zh-HK", message = "Language should be en or zh-HK") String language,
        @Schema(required = true) @NotNull(message = "Consent is required") @Valid Consent consent,
        @Schema(description = "Separate, optional direct-marketing opt-in (default false)", examples = "false") Boolean marketingOptIn,
        @Valid Source source) {

    /** Letters and combining marks of any script, with the spaces and punctuation names use; at least one letter. */
    public static final String NAME = "^(?=.*\\p{L})[\\p{L}\\p{M} .'’-]+$";

    /**
     * What the OpenAPI document shows for {@link #NAME}: no digits or other symbols. Unicode property classes
     * are not understood by the ECMA-262 regular expressions (without the u flag) that many partners' tools use.
     */
    static final String DOCUMENTED_NAME = "^[^0-9!\"#$%&()*+,/:;<=>?@\\[\\]\\\\^_`{|}~]+$";

    @Schema(name = "Consent", description = "Acceptance of the registration terms and the privacy policy, with the versions shown")
    public record Consent(
            @Schema(required = true, examples = "2025-10") @NotBlank(message = "Terms version is required") @Size(max = 40) String termsVersion,
            @Schema(required = true, examples = "2025-10") @NotBlank(message = "Privacy policy version is required") @Size(max = 40) String privacyVersion,
            @Schema(required = true, description = "Must be true", examples = "true")
            @NotNull(message = "Terms and privacy policy must be accepted")
            @AssertTrue(message = "Terms and privacy policy must be accepted") Boolean accepted) {
    }

    @Schema(name = "Source", description = "Where the registration came from (analytics; recorded with the consent)")
    public record Source(
            @Schema(examples = "web") @Size(max = 40) @Pattern(regexp = "[a-z0-9-]+", message = "Channel should be lower-case letters, digits or -") String channel,
            @Schema(examples = "milia-guide") @Size(max = 100) String campaign) {
    }
}
