package hk.clinic.notification.messaging;

import java.util.Arrays;
import java.util.Optional;

/** The CloudEvent types booking publishes on {@code booking.registrations}. */
public enum RegistrationEventType {
    SUBMITTED("clinic.booking.registration.submitted.v1"),
    RESCHEDULED("clinic.booking.registration.rescheduled.v1"),
    CANCELLED("clinic.booking.registration.cancelled.v1"),
    ATTENDED("clinic.booking.registration.attended.v1"),
    NO_SHOW("clinic.booking.registration.no-show.v1"),
    ERASED("clinic.booking.registration.erased.v1");

    private final String cloudEventType;

    RegistrationEventType(String cloudEventType) {
        this.cloudEventType = cloudEventType;
    }

    public String cloudEventType() {
        return cloudEventType;
    }

    public static Optional<RegistrationEventType> of(String cloudEventType) {
        return Arrays.stream(values()).filter(t -> t.cloudEventType.equals(cloudEventType)).findFirst();
    }
}
