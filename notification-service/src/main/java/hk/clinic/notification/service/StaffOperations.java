package hk.clinic.notification.service;

import hk.clinic.notification.domain.Notification;
import hk.clinic.notification.domain.NotificationStatus;
import hk.clinic.notification.repository.NotificationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.UUID;

/** What staff may do to one message from the timeline. */
@ApplicationScoped
public class StaffOperations {

    @Inject
    NotificationRepository notifications;

    @Inject
    Scheduling scheduling;

    @Inject
    NotificationMetrics metrics;

    @Inject
    Clock clock;

    /** Sends a FAILED message again now (quiet hours still apply), with a fresh attempt budget. */
    @Transactional
    public Notification retry(UUID id) {
        Notification n = find(id);
        if (n.status != NotificationStatus.FAILED) {
            throw new StateConflict("Only a FAILED notification can be retried; this one is " + n.status);
        }
        if (n.recipient == null) {
            throw new StateConflict("The registration was erased: there is no one to send this to");
        }
        n.status = NotificationStatus.SCHEDULED;
        n.attempts = 0;
        n.dueAt = scheduling.dueAt(n.channel, clock.instant());
        n.updatedAt = clock.instant();
        metrics.reached(n.channel, n.type, NotificationStatus.SCHEDULED);
        return n;
    }

    @Transactional
    public Notification cancel(UUID id) {
        Notification n = find(id);
        if (n.status != NotificationStatus.SCHEDULED) {
            throw new StateConflict("Only a SCHEDULED notification can be cancelled; this one is " + n.status);
        }
        scheduling.cancel(n, "Cancelled by staff");
        return n;
    }

    private Notification find(UUID id) {
        Notification n = notifications.findById(id);
        if (n == null) {
            throw new NotFound("No notification " + id);
        }
        return n;
    }

    public static class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }

    public static class StateConflict extends RuntimeException {
        public StateConflict(String message) {
            super(message);
        }
    }
}
