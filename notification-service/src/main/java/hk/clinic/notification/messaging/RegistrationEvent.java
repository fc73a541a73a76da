package hk.clinic.notification.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/** A CloudEvent from booking's topic, as far as this service reads it (unknown fields are ignored). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegistrationEvent(String specversion, String id, String source, String type, String subject,
                                Instant time, Data data) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(UUID registrationId, String status, Treatment treatment, Branch branch,
                       Appointment appointment, Contact contact, String manageUrl,
                       Appointment previousAppointment, String cancelledBy, OffsetDateTime treatedAt,
                       Instant erasedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Treatment(String code, Map<String, String> name, boolean freeTrial, Integer durationMinutes) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Branch(String code, Map<String, String> name, Map<String, String> address, String phone) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Appointment(LocalDate date, String time, OffsetDateTime startsAt, OffsetDateTime endsAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Contact(String fullName, String phone, String email, String language, boolean marketingOptIn) {
    }
}
