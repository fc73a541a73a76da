package hk.clinic.notification.service;

import hk.clinic.notification.config.NotificationConfig;
import hk.clinic.notification.domain.Notification;
import hk.clinic.notification.domain.NotificationStatus;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Messages due now that were claimed in the transaction that scheduled them (SENDING, with a lease), waiting for a
 * sender once that transaction has committed. A confirmation then costs no claim statement and no look at the
 * table: the 2026-12-03 bench measured the claims at a quarter of notification-service's PostgreSQL time per
 * registration (0.33–0.37 of 1.34–1.39 ms), with 1.4–1.7 claim statements per registration, full and empty.
 * <p>
 * Holds at most {@code clinic.delivery.hand-off-limit}, so a burst cannot fill the heap: past it
 * {@link #claimIfRoom} claims nothing and the message waits in the table for a claim, as one due later does. The limit is
 * read before the commit and the message added after it, so concurrent transactions may take it a few past the
 * limit, never more than the transactions in flight. A hand-off that waited longer than
 * {@code clinic.delivery.hand-off-max-wait} is given back to the table rather than sent (see Delivery), and the
 * number waiting is the gauge {@code clinic_notification_hand_offs_waiting}.
 */
@Singleton
public class HandOffs {

    /** Unbounded: the limit is checked before the commit (see above); its size is kept by the queue, in O(1). */
    private final BlockingQueue<Delivery.Claim> waiting = new LinkedBlockingQueue<>();
    private final int limit;
    private final Duration lease;

    @Inject
    HandOffs(NotificationConfig config) {
        this(config.delivery().handOffLimit(), config.delivery().lease());
    }

    HandOffs(int limit, Duration lease) {
        this.limit = limit;
        this.lease = lease;
    }

    /**
     * Claims a message due now as it is scheduled, if there is room: SENDING, first attempt, under this instance's
     * lease, as {@link Delivery#claim} would. Null when the hand-offs are full: the message is left as it is, for
     * the caller to schedule in the table. The claim is in microseconds, as PostgreSQL keeps it: the sender's
     * outcome is written only while the row's {@code claimed_at} is this.
     */
    Delivery.Claim claimIfRoom(Notification n, Instant now) {
        if (waiting.size() >= limit) {
            return null;
        }
        Instant claimedAt = now.truncatedTo(ChronoUnit.MICROS);
        n.status = NotificationStatus.SENDING;
        n.attempts = 1;
        n.claimedAt = claimedAt;
        n.leaseUntil = claimedAt.plus(lease);
        return new Delivery.Claim(n.id, claimedAt, n);
    }

    /** Once the claim's transaction has committed: a sender may take it. */
    void add(Delivery.Claim claim) {
        waiting.add(claim);
    }

    /** The oldest waiting hand-off, or null. */
    Delivery.Claim poll() {
        return waiting.poll();
    }

    /** All waiting hand-offs, oldest first (at shutdown). */
    List<Delivery.Claim> takeAll() {
        List<Delivery.Claim> taken = new ArrayList<>();
        waiting.drainTo(taken);
        return taken;
    }

    public int size() {
        return waiting.size();
    }
}
