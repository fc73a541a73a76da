package hk.clinic.notification.domain;

public enum NotificationStatus {
    SCHEDULED,
    SENDING,
    SENT,
    FAILED,
    CANCELLED
}
