package hk.clinic.booking.domain;

/** The life of a registration; SUBMITTED and RESCHEDULED hold a place, the others do not. */
public enum RegistrationStatus {
    SUBMITTED, RESCHEDULED, CANCELLED, ATTENDED, NO_SHOW, ERASED;

    public boolean isActive() {
        return this == SUBMITTED || this == RESCHEDULED;
    }
}
