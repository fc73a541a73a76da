package hk.clinic.notification.service;

import hk.clinic.notification.config.NotificationConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Messages due now that were claimed in the transaction that scheduled them (SENDING, with a lease), waiting for a
 * sender once that transaction has committed. A confirmation then costs no claim statement and no look at the
 * table: the 2026-12-03 bench measured the claims at a quarter of notification-service's PostgreSQL time per
 * registration (0.33–0.37 of 1.34–1.39 ms), with 1.4–1.7 claim statements per registration, full and empty.
 * <p>
 * Holds at most {@code clinic.delivery.hand-off-limit}, so a burst cannot fill the heap: past it
 * {@link #hasRoom()} says no and the message waits in the table for a claim, as one due later does. The limit is
 * read before the commit and the message added after it, so concurrent transactions may take it a few past the
 * limit, never more than the transactions in flight. A hand-off that waited longer than
 * {@code clinic.delivery.hand-off-max-wait} is given back to the table rather than sent (see Delivery), and the
 * number waiting is the gauge {@code clinic_notification_hand_offs_waiting}.
 */
@Singleton
public class HandOffs {

    private final Queue<Delivery.Claim> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int limit;

    @Inject
    HandOffs(NotificationConfig config) {
        this(config.delivery().handOffLimit());
    }

    HandOffs(int limit) {
        this.limit = limit;
    }

    /** Whether a message scheduled now may be claimed at once and handed to a sender. */
    public boolean hasRoom() {
        return size.get() < limit;
    }

    void add(Delivery.Claim claim) {
        waiting.add(claim);
        size.incrementAndGet();
    }

    /** Up to {@code max} waiting messages, oldest first; empty when none waits. */
    List<Delivery.Claim> take(int max) {
        List<Delivery.Claim> taken = new ArrayList<>(Math.min(max, 8));
        Delivery.Claim claim;
        while (taken.size() < max && (claim = waiting.poll()) != null) {
            size.decrementAndGet();
            taken.add(claim);
        }
        return taken;
    }

    public int size() {
        return size.get();
    }
}
