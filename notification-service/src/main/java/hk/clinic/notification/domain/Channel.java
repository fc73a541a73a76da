package hk.clinic.notification.domain;

public enum Channel {
    EMAIL,
    WHATSAPP,
    SMS;

    /** Messages on the phone wait for the end of quiet hours; email does not ring anyone awake. */
    public boolean respectsQuietHours() {
        return this != EMAIL;
    }
}
