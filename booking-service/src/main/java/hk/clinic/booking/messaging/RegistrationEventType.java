package hk.clinic.booking.messaging;

/** The CloudEvent types booking-service publishes; the slug names the JSON Schema of each. */
public enum RegistrationEventType {
    SUBMITTED("submitted"), RESCHEDULED("rescheduled"), CANCELLED("cancelled"),
    ATTENDED("attended"), NO_SHOW("no-show"), ERASED("erased");

    private final String slug;

    RegistrationEventType(String slug) {
        this.slug = slug;
    }

    public String type() {
        return "clinic.booking.registration." + slug + ".v1";
    }

    public String dataSchema() {
        return "https://api.clinic.hk/schemas/events/registration-" + slug + ".v1.json";
    }
}
