package hk.clinic.notification.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One message to one recipient on one channel, with its delivery state. */
@Entity
@Table(name = "notification")
public class Notification extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "registration_id", nullable = false)
    public UUID registrationId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public NotificationType type;

    /** Distinguishes messages of one type: the aftercare step key, the appointment a reminder is for. */
    @Column(nullable = false)
    public String step = "";

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Channel channel;

    public String recipient;

    @Column(nullable = false)
    public String locale;

    public String subject;

    @Column(name = "body_text")
    public String bodyText;

    @Column(name = "body_html")
    public String bodyHtml;

    @Column(nullable = false)
    public boolean promotional;

    @Column(name = "due_at", nullable = false)
    public Instant dueAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public NotificationStatus status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "claimed_at")
    public Instant claimedAt;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "provider_message_id")
    public String providerMessageId;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(name = "fallback_of")
    public UUID fallbackOf;

    /** The W3C traceparent of the work that scheduled it (the registration event's), continued when it is sent. */
    @Column(name = "trace_parent")
    public String traceParent;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "dedupe_key", nullable = false, unique = true)
    public String dedupeKey;

    public static String dedupeKey(UUID registrationId, NotificationType type, String step, Channel channel) {
        return registrationId + ":" + type + ":" + step + ":" + channel;
    }
}
