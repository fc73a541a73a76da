package hk.clinic.notification.service;

import hk.clinic.notification.config.NotificationConfig;
import hk.clinic.notification.domain.Channel;
import hk.clinic.notification.domain.Notification;
import hk.clinic.notification.domain.NotificationStatus;
import hk.clinic.notification.domain.NotificationType;
import hk.clinic.notification.domain.QuietHours;
import hk.clinic.notification.repository.NotificationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Creates message rows (once per registration, type, step and channel) and applies quiet hours to due times. */
@ApplicationScoped
public class Scheduling {

    @Inject
    NotificationRepository notifications;

    @Inject
    NotificationMetrics metrics;

    @Inject
    NotificationConfig config;

    @Inject
    Clock clock;

    @Inject
    HandOffs handOffs;

    @Inject
    Event<DueNow> dueNow;

    /**
     * A message that may go at once was scheduled; observed once its transaction commits (see DeliveryScheduler).
     * {@code claim}: the message, claimed in that transaction for a sender to take from {@link HandOffs}; null when
     * those were full and the message waits in the table for a claim.
     */
    public record DueNow(Delivery.Claim claim) {
    }

    public QuietHours quietHours() {
        return new QuietHours(config.quietHours().start(), config.quietHours().end(), config.zone());
    }

    /** When a message on {@code channel} wanted at {@code wanted} may go: never in the past, never in quiet hours. */
    public Instant dueAt(Channel channel, Instant wanted) {
        return dueAt(channel, wanted, clock.instant());
    }

    private Instant dueAt(Channel channel, Instant wanted, Instant now) {
        return quietHours().nextAllowed(channel, wanted.isBefore(now) ? now : wanted);
    }

    public record Draft(UUID registrationId, NotificationType type, String step, Channel channel, String recipient,
                        String locale, RenderedMessage message, Instant wantedAt, UUID fallbackOf) {
    }

    /** Inserts the message unless one with the same dedupe key exists; empty in that case. */
    public Optional<Notification> schedule(Draft d) {
        String key = Notification.dedupeKey(d.registrationId(), d.type(), d.step(), d.channel());
        if (notifications.exists(key)) {
            return Optional.empty();
        }
        return Optional.of(insert(d, key));
    }

    /**
     * The same, for several messages of one registration in one transaction: {@code taken} holds the keys of
     * the registration's messages ({@link NotificationRepository#dedupeKeys}, read in this transaction) and
     * gets the new one, so no query runs per message and the inserts go to the database together at commit.
     */
    public Optional<Notification> schedule(Draft d, Set<String> taken) {
        String key = Notification.dedupeKey(d.registrationId(), d.type(), d.step(), d.channel());
        if (!taken.add(key)) {
            return Optional.empty();
        }
        return Optional.of(insert(d, key));
    }

    private Notification insert(Draft d, String key) {
        Instant now = clock.instant();
        Notification n = new Notification();
        n.id = UUID.randomUUID();
        n.registrationId = d.registrationId();
        n.type = d.type();
        n.step = d.step();
        n.channel = d.channel();
        n.recipient = d.recipient();
        n.locale = d.locale();
        n.subject = d.message().subject();
        n.bodyText = d.message().text();
        n.bodyHtml = d.message().html();
        n.promotional = d.type().promotional();
        // The same instant as the due-now test below: with a second clock reading, a message wanted now came out
        // due a few microseconds after it, was never nudged, and waited for the next poll (found by the bench).
        n.dueAt = dueAt(d.channel(), d.wantedAt(), now);
        boolean dueNow = !n.dueAt.isAfter(now);
        // Due now: claimed in this transaction, so that no claim statement is needed once it commits.
        Delivery.Claim claim = dueNow ? handOffs.claimIfRoom(n, now) : null;
        if (claim == null) {
            n.status = NotificationStatus.SCHEDULED;
        }
        n.fallbackOf = d.fallbackOf();
        n.traceParent = TraceContexts.current();
        n.createdAt = now;
        n.updatedAt = now;
        n.dedupeKey = key;
        notifications.persist(n);
        metrics.reached(n.channel, n.type, NotificationStatus.SCHEDULED);
        if (dueNow) {
            this.dueNow.fire(new DueNow(claim));
        }
        return n;
    }

    public void cancel(Notification n, String reason) {
        n.status = NotificationStatus.CANCELLED;
        n.lastError = reason;
        n.updatedAt = clock.instant();
        metrics.reached(n.channel, n.type, NotificationStatus.CANCELLED);
    }
}
