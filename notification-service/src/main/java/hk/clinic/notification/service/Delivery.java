package hk.clinic.notification.service;

import hk.clinic.notification.config.NotificationConfig;
import hk.clinic.notification.domain.Channel;
import hk.clinic.notification.domain.Notification;
import hk.clinic.notification.domain.NotificationStatus;
import hk.clinic.notification.repository.DatabaseUnavailable;
import hk.clinic.notification.repository.NotificationRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends due messages. Claiming is a short transaction ({@code FOR UPDATE SKIP LOCKED}, then SENDING with a
 * lease), the provider call happens outside any transaction, and the outcome is written in a third one, only
 * if this sender still holds the claim. Several instances can run this at once without sending a row twice;
 * a sender that dies mid-send leaves a SENDING row that is claimed again when its lease ends.
 */
@ApplicationScoped
public class Delivery {

    private static final Logger LOG = Logger.getLogger(Delivery.class);

    @Inject
    NotificationRepository notifications;

    @Inject
    ChannelSenders senders;

    @Inject
    Scheduling scheduling;

    @Inject
    NotificationMetrics metrics;

    @Inject
    NotificationConfig config;

    @Inject
    Clock clock;

    /** The senders (clinic.delivery.send-concurrency); the provider calls are I/O-bound. */
    private ExecutorService sendPool;

    /** One permit per idle sender. */
    private Semaphore idle;

    /**
     * The message has gone out, so its outcome must not be lost: while the database is away it is kept and
     * written once the database is back, however long that takes. Found by the all-in-one InfraFaultsTest: a
     * message sent as PostgreSQL stopped was sent a second time (first because the outcome was dropped, later
     * because the wait ended with the lease, 5 s there, shorter than the outage).
     */
    private Guard recordOutcome;

    /**
     * Sent messages whose outcome waits for the database. This instance does not claim them again even once their
     * lease has passed: the outcome is written first. (Another replica may, after the lease: the at-least-once
     * window that the lease bounds.)
     */
    private final Set<UUID> outcomePending = ConcurrentHashMap.newKeySet();

    @PostConstruct
    void init() {
        recordOutcome = Guard.create()
                .withDescription("recording a sent message while the database is away")
                .withRetry().maxRetries(-1).delay(1, ChronoUnit.SECONDS)
                .maxDuration(7, ChronoUnit.DAYS) // an outage as long as this leaves the row to the lease
                .whenException(DatabaseUnavailable::isCause)
                .beforeRetry(e -> LOG.warnf("Database unavailable (%s): the outcome of a sent message waits for it",
                        DatabaseUnavailable.reason(e).orElse("?")))
                .done()
                .withThreadOffload(false)
                .build();
        AtomicInteger count = new AtomicInteger();
        idle = new Semaphore(Math.max(1, config.delivery().sendConcurrency()));
        sendPool = Executors.newFixedThreadPool(Math.max(1, config.delivery().sendConcurrency()),
                r -> new Thread(r, "delivery-send-" + count.incrementAndGet()));
    }

    @PreDestroy
    void stop() {
        sendPool.shutdownNow();
    }

    /**
     * The lag gauge: how long the oldest due message has waited. Once per poll (not per round: nudged rounds run
     * after every consumed event, and the gauge does not need that many extra queries).
     */
    public void refreshLag() {
        Instant now = clock.instant();
        Instant oldest = QuarkusTransaction.requiringNew().call(() -> notifications.oldestDue(now));
        metrics.schedulerLag(oldest == null ? 0 : Duration.between(oldest, now).toMillis());
    }

    /** Senders not busy with a message right now. */
    public int idleSenders() {
        return idle.availablePermits();
    }

    /**
     * Claims at most {@code limit} due messages (no more than there are idle senders) and hands each to a sender
     * of its own at once; returns how many were claimed, without waiting for the sends. Claiming only what can be
     * sent right away is what keeps a message that becomes due from waiting behind a claimed batch: it is claimed
     * as soon as a sender is free. {@code whenDone} runs on the sender after each message's outcome was recorded
     * (or could not be: the database away, the row then keeps its lease and is claimed again when it ends).
     */
    public int dispatch(int limit, Runnable whenDone) {
        int wanted = Math.min(Math.min(limit, idle.availablePermits()), config.delivery().batchSize());
        if (wanted <= 0) {
            return 0;
        }
        List<Claim> claims = claim(wanted);
        for (Claim claim : claims) {
            // Only the dispatcher takes permits, and its rounds never overlap: this never waits.
            idle.acquireUninterruptibly();
            try {
                sendPool.execute(() -> {
                    try {
                        deliver(claim);
                    } catch (RuntimeException e) {
                        if (DatabaseUnavailable.isCause(e)) {
                            LOG.warnf("Sending notification %s stopped, database unavailable (%s); it is claimed again "
                                    + "when its lease ends", claim.id(), DatabaseUnavailable.reason(e).orElse("?"));
                        } else {
                            LOG.errorf(e, "Sending notification %s failed; it is claimed again when its lease ends",
                                    claim.id());
                        }
                    } finally {
                        idle.release();
                        whenDone.run();
                    }
                });
            } catch (RejectedExecutionException e) {
                // Shutting down: this claim and the rest keep their lease and are sent after the restart.
                idle.release();
                return claims.size();
            }
        }
        return claims.size();
    }

    public record Claim(UUID id, Instant claimedAt) {
    }

    /** Marks up to {@code limit} due rows SENDING for this sender and returns them. */
    public List<Claim> claim(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            List<UUID> ids = new ArrayList<>(notifications.lockClaimable(now, limit));
            ids.removeIf(outcomePending::contains);
            for (UUID id : ids) {
                Notification n = notifications.findById(id);
                n.status = NotificationStatus.SENDING;
                n.claimedAt = now;
                n.leaseUntil = now.plus(config.delivery().lease());
                n.attempts++;
                n.updatedAt = now;
            }
            return ids.stream().map(id -> new Claim(id, now)).toList();
        });
    }

    public void deliver(Claim claim) {
        // The lease is renewed as the call starts, not only at the claim: rows wait their turn in a batch, and
        // the lease must cover the whole provider call (see clinic.delivery.lease) so that no other sender takes
        // over a message while this one may still be handing it over.
        Notification n = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            return notifications.renewLease(claim.id(), claim.claimedAt(), now.plus(config.delivery().lease()), now)
                    ? notifications.findById(claim.id()) : null;
        });
        if (n == null) {
            return; // cancelled meanwhile, or the claim's lease ran out and another sender took it
        }
        // From here to the commit in record() is the at-least-once window: a crash in it leaves the row SENDING,
        // and it is sent again (with the same Message-ID / idempotency token) when the lease ends.
        SendOutcome outcome = senders.send(n);
        outcomePending.add(claim.id());
        try {
            recordOutcome.call(() -> {
                QuarkusTransaction.requiringNew().run(() -> record(claim, outcome));
                return null;
            }, Void.class);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            outcomePending.remove(claim.id());
        }
    }

    private void record(Claim claim, SendOutcome outcome) {
        // Locked, so that a sender claiming it again at this moment cannot interleave with this write.
        Notification n = notifications.findById(claim.id(), LockModeType.PESSIMISTIC_WRITE);
        if (n == null || n.status != NotificationStatus.SENDING || !claim.claimedAt().equals(n.claimedAt)) {
            return; // cancelled meanwhile, or the lease ran out and another sender owns it now
        }
        Instant now = clock.instant();
        n.updatedAt = now;
        n.leaseUntil = null;
        if (outcome instanceof SendOutcome.Sent sent) {
            n.status = NotificationStatus.SENT;
            n.sentAt = now;
            n.providerMessageId = sent.providerMessageId();
            n.lastError = null;
            metrics.reached(n.channel, n.type, NotificationStatus.SENT);
        } else if (outcome instanceof SendOutcome.Transient failure && n.attempts < config.delivery().maxAttempts()) {
            Duration backoff = config.delivery().backoff().multipliedBy(1L << Math.min(n.attempts - 1, 20));
            n.lastError = failure.reason();
            n.status = NotificationStatus.SCHEDULED;
            n.dueAt = scheduling.dueAt(n.channel, now.plus(backoff));
            LOG.infof("Notification %s (%s) failed transiently on attempt %d; retrying at %s",
                    n.id, n.channel, n.attempts, n.dueAt);
        } else {
            n.lastError = outcome instanceof SendOutcome.Transient t ? t.reason() : ((SendOutcome.Permanent) outcome).reason();
            fail(n);
        }
    }

    private void fail(Notification n) {
        n.status = NotificationStatus.FAILED;
        metrics.reached(n.channel, n.type, NotificationStatus.FAILED);
        // The reason stays in the row: a provider may echo the number in it, and numbers never go to logs.
        LOG.warnf("Notification %s (%s, %s) failed after %d attempt(s)", n.id, n.channel, n.type, n.attempts);
        if (n.channel == Channel.WHATSAPP && n.recipient != null) {
            // The same text by SMS: a number without WhatsApp, or WhatsApp down, still gets the message.
            scheduling.schedule(new Scheduling.Draft(n.registrationId, n.type, n.step, Channel.SMS, n.recipient, n.locale,
                    new RenderedMessage(n.subject, n.bodyText, n.bodyHtml), clock.instant(), n.id));
        }
    }
}
