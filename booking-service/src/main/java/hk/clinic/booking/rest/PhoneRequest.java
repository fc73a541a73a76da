package hk.clinic.booking.rest;

import hk.clinic.booking.domain.ValidPhone;
import jakarta.validation.constraints.NotBlank;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Sent in a body, not the URL, so that phone numbers stay out of access logs. */
@Schema(name = "PersonRequest", description = "The person, identified by phone number (any format; Hong Kong if no country code).")
public record PhoneRequest(
        @Schema(required = true, examples = "+852 9123 4567") @NotBlank(message = "Phone is required") @ValidPhone String phone) {
}
