package hk.clinic.notification.rest;

import hk.clinic.notification.domain.Channel;
import hk.clinic.notification.domain.Notification;
import hk.clinic.notification.domain.NotificationStatus;
import hk.clinic.notification.domain.NotificationType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.UUID;

/** One message on a registration's timeline; no recipient or text, staff see those in booking. */
@Schema(name = "Notification", description = "One message to the person behind a registration")
public record NotificationView(
        @Schema(examples = "9d7c8e1a-3b2f-4f6e-8a1d-5c4b3a291f00") UUID id,
        @Schema(examples = "5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01") UUID registrationId,
        @Schema(examples = "REMINDER") NotificationType type,
        @Schema(description = "Aftercare step key or the appointment a reminder is for", examples = "48h") String step,
        @Schema(examples = "WHATSAPP") Channel channel,
        @Schema(examples = "SCHEDULED") NotificationStatus status,
        @Schema(examples = "zh-HK") String locale,
        @Schema(description = "When it is (or was) to be sent, in the clinic's zone", examples = "2026-11-30T14:30:00+08:00") OffsetDateTime dueAt,
        @Schema(examples = "2026-11-30T14:30:01+08:00", nullable = true) OffsetDateTime sentAt,
        @Schema(examples = "0") int attempts,
        @Schema(examples = "WhatsApp HTTP 400: recipient not on WhatsApp", nullable = true) String lastError,
        @Schema(description = "The WhatsApp message id or SMS sid", examples = "wamid.HBgLODUyOTEyMzQ1Njc", nullable = true) String providerMessageId,
        @Schema(description = "The failed message this one replaces on another channel", nullable = true) UUID fallbackOf) {

    public static NotificationView of(Notification n, ZoneId zone) {
        return new NotificationView(n.id, n.registrationId, n.type, n.step, n.channel, n.status, n.locale,
                at(n.dueAt, zone), at(n.sentAt, zone), n.attempts, n.lastError, n.providerMessageId, n.fallbackOf);
    }

    private static OffsetDateTime at(java.time.Instant instant, ZoneId zone) {
        return instant == null ? null : instant.atZone(zone).toOffsetDateTime();
    }
}
