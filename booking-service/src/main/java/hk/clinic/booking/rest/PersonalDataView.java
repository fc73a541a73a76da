package hk.clinic.booking.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

@Schema(name = "PersonalDataExport", description = "Everything booking-service holds about one phone number.")
public record PersonalDataView(
        @Schema(examples = "+85291234567") String phone,
        List<Entry> registrations) {

    @Schema(name = "PersonalDataEntry")
    public record Entry(RegistrationView registration, List<RegistrationView.ConsentView> consents,
                        @Schema(examples = "web") String sourceChannel, @Schema(examples = "milia-guide") String sourceCampaign) {
    }

    @Schema(name = "ErasureResult", description = "Registrations whose personal data was erased; an erased event was published for each.")
    public record Erasure(@Schema(examples = "1") int erased, List<UUID> registrationIds) {
    }
}
