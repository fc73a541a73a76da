package hk.clinic.notification.domain;

/** What a message is about; the template name is derived from it. */
public enum NotificationType {
    CONFIRMATION(false),
    REMINDER(false),
    RESCHEDULE_NOTICE(false),
    CANCELLATION_NOTICE(false),
    AFTERCARE(false),
    /** Offering a new visit after a no-show is direct marketing: only to people who opted in. */
    REBOOK_OFFER(true);

    private final boolean promotional;

    NotificationType(boolean promotional) {
        this.promotional = promotional;
    }

    public boolean promotional() {
        return promotional;
    }

    public String templateName() {
        return name().toLowerCase().replace('_', '-');
    }
}
