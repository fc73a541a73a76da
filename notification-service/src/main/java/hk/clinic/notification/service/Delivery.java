package hk.clinic.notification.service;

import hk.clinic.notification.config.NotificationConfig;
import hk.clinic.notification.domain.Channel;
import hk.clinic.notification.domain.Notification;
import hk.clinic.notification.domain.NotificationStatus;
import hk.clinic.notification.repository.DatabaseUnavailable;
import hk.clinic.notification.repository.NotificationRepository;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Sends due messages. Each of the senders ({@code clinic.delivery.send-concurrency}) takes a few claimed messages,
 * calls the provider for each outside any transaction, records each outcome in a transaction of its own (only if it
 * still holds the claim), and takes again, until nothing is due. It takes them from two places, in turn:
 * <ul>
 * <li>{@link HandOffs}: messages due now that the transaction scheduling them claimed (a registration's
 * confirmations, a fallback SMS), handed over as it committed. No statement claims them.</li>
 * <li>the table: a short transaction claims due rows (one statement: {@code FOR UPDATE SKIP LOCKED}, then SENDING
 * with a lease). Only when something called for a look (the poll, a due-now message that did not fit in the
 * hand-offs, a message given back) since a claim last came back short: a round that found its hand-off costs no
 * empty claim either.</li>
 * </ul>
 * Several instances can run this at once without sending a row twice; a sender that dies mid-send, or an instance
 * that dies with hand-offs waiting, leaves SENDING rows that the poll makes due again when their lease ends.
 * <p>
 * The senders claim for themselves, in parallel, rather than one dispatcher claiming for them: the 2026-12-02
 * bench had one thread claiming for every freed sender, and with a backlog those serial claims set the pace.
 */
@ApplicationScoped
public class Delivery {

    private static final Logger LOG = Logger.getLogger(Delivery.class);

    /** At a stop, how long past the longest provider call a sender may take to record its outcome. */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(2);

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

    /** The senders' threads; the provider calls are I/O-bound. */
    private ExecutorService sendPool;

    /** One permit per idle sender. */
    private Semaphore idle;

    /**
     * Counts calls for a sender. A sender that found nothing due reads it before looking and again after going
     * idle: a call that came meanwhile found no idle sender to start, so this one looks once more.
     */
    private final AtomicLong calls = new AtomicLong();

    /**
     * Calls for a look at the table (the poll, a due-now message left in it, messages given back), and the most of
     * them a claim had seen before it came back short. The table is looked at only while the first is ahead. It
     * starts at one: rows may be due from before the start.
     */
    private final AtomicLong tableCalls = new AtomicLong(1);
    private final AtomicLong tableLooked = new AtomicLong();

    @Inject
    HandOffs handOffs;

    private volatile boolean stopping;

    /**
     * The message has gone out, so its outcome must not be lost: while the database is away it is kept and
     * written once the database is back, however long that takes. Found by the all-in-one InfraFaultsTest: a
     * message sent as PostgreSQL stopped was sent a second time (first because the outcome was dropped, later
     * because the wait ended with the lease, 5 s there, shorter than the outage).
     */
    private Guard recordOutcome;

    /**
     * Sent messages whose outcome waits for the database. This instance does not make them due again even once
     * their lease has passed: the outcome is written first. (Another replica may, after the lease: the at-least-once
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
        int concurrency = config.delivery().sendConcurrency();
        AtomicInteger count = new AtomicInteger();
        idle = new Semaphore(concurrency);
        sendPool = Executors.newFixedThreadPool(concurrency, r -> new Thread(r, "delivery-send-" + count.incrementAndGet()));
    }

    /**
     * No new claims from here on. Messages waiting in the hand-offs are given back, so the next instance sends them
     * at once. Each sender finishes the message it is sending and records the outcome while the database is still
     * there (a rolling deploy's SIGTERM lands mid-send): left SENDING, it would wait out its lease and then go to its
     * provider a second time. The rest of a sender's claim is given back. The wait is bounded by the longest provider
     * call and {@link #STOP_MARGIN}, well inside Kubernetes' 30 s grace; a sender still busy after that (the database
     * away as it records) leaves its message to the lease, as a crash would.
     */
    void onStop(@Observes ShutdownEvent stop) {
        stopping = true;
        giveBack(handOffs.takeAll());
        sendPool.shutdown();
        Duration wait = senders.longestCall().plus(STOP_MARGIN);
        try {
            if (!sendPool.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf("Senders still busy %s after the stop began; their messages are due again when their lease ends", wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        stopping = true;
        sendPool.shutdownNow();
    }

    /**
     * The lag gauge: how long the oldest due message has waited. Once per poll (not per call for a sender: those
     * come after every consumed event, and the gauge does not need that many extra queries).
     */
    public void refreshLag() {
        Instant now = clock.instant();
        Instant oldest = QuarkusTransaction.requiringNew().call(() -> notifications.oldestDue(now));
        metrics.schedulerLag(oldest == null ? 0 : Duration.between(oldest, now).toMillis());
    }

    /** Rows in the table may be due: a sender looks there (see {@link #callSender()}). */
    public void wake() {
        tableCalls.incrementAndGet();
        callSender();
    }

    /**
     * A committed transaction claimed this message as it scheduled it: a sender takes it from the hand-offs. If
     * the instance is stopping it is given back instead, due at once for the next.
     */
    public void handOver(Claim claim) {
        handOffs.add(claim);
        if (stopping) {
            // onStop may have drained the hand-offs already: this one is not left to its lease.
            giveBack(handOffs.takeAll());
            return;
        }
        callSender();
    }

    /**
     * Starts an idle sender, if there is one, without waiting for it. A busy sender looks again anyway once its
     * message is sent, and a sender that finds a message calls this too, so a backlog soon has every sender on it.
     * Counted in {@link #calls} even when no sender is idle: the sender holding the last permit may be finding
     * nothing (it looked before these messages came), and then looks once more.
     */
    private void callSender() {
        calls.incrementAndGet();
        if (stopping || !idle.tryAcquire()) {
            return;
        }
        try {
            sendPool.execute(this::sendWhileDue);
        } catch (RejectedExecutionException e) {
            idle.release(); // shutting down: due rows are there for the next start
        }
    }

    /** One sender: rounds until none finds anything, then idle (see {@link Sender}). */
    private void sendWhileDue() {
        Sender sender = new Sender(config.delivery().claimBatch());
        while (true) {
            long seen = calls.get();
            boolean sent;
            try {
                sent = sender.round();
            } catch (Throwable unexpected) {
                idle.release(); // an Error (out of memory, say) must not cost the instance a sender for good
                throw unexpected;
            }
            if (sent) {
                continue;
            }
            idle.release();
            if (calls.get() == seen || !idle.tryAcquire()) {
                return;
            }
        }
    }

    /**
     * The state of one sender while it runs. Each round takes from one place and sends what it took:
     * <ul>
     * <li>a hand-off, one at a time (a batch would save no statement, and the others would wait behind it while
     * other senders idle);</li>
     * <li>a claim from the table of one message first, doubled (up to {@code clinic.delivery.claim-batch}) while
     * claims come back full, so a couple of messages due at once go out in parallel, one per sender, and a
     * backlog takes one claim statement per batch.</li>
     * </ul>
     * Rounds start with the other place in turn, so that neither a stream of hand-offs nor a backlog in the table
     * keeps the other waiting.
     */
    private final class Sender {
        private final int batch;
        private int claimSize = 1;
        private boolean tableFirst;

        Sender(int batch) {
            this.batch = batch;
        }

        /** False when it found nothing to send, or could not go on (database, stopping). */
        boolean round() {
            if (stopping) {
                return false;
            }
            boolean sent = tableFirst ? fromTable() || handOff() : handOff() || fromTable();
            tableFirst = !tableFirst;
            return sent && !stopping;
        }

        private boolean handOff() {
            Claim claim = nextHandOff();
            if (claim == null) {
                return false;
            }
            callSender(); // more may be waiting: another idle sender looks too
            return send(List.of(claim)) == 1;
        }

        private boolean fromTable() {
            List<Claim> claims = claimIfCalledFor(claimSize);
            if (claims.isEmpty()) {
                return false;
            }
            callSender(); // more may be due: another idle sender looks too
            // Fewer sent than claimed (database away, a lease running short, a failure): the next claim is of one again.
            int sent = send(claims);
            claimSize = sent == claimSize ? Math.min(2 * claimSize, batch) : 1;
            return sent > 0;
        }
    }

    /**
     * The oldest hand-off that may still be sent on its claim, or null. Those that waited longer than
     * {@code clinic.delivery.hand-off-max-wait}, or until their lease no longer covers the longest provider call,
     * are given back (due again at once, claimed afresh from the table) rather than sent as they were handed over.
     */
    private Claim nextHandOff() {
        List<Claim> stale = new ArrayList<>(0);
        Claim claim;
        while ((claim = handOffs.poll()) != null && !mayStillBeSent(claim)) {
            stale.add(claim);
        }
        if (!stale.isEmpty()) {
            LOG.infof("%d handed-off message(s) waited too long for a sender; given back to be claimed afresh", stale.size());
            giveBack(stale);
        }
        return claim;
    }

    private boolean mayStillBeSent(Claim handOff) {
        Instant now = clock.instant();
        return now.isBefore(handOff.claimedAt().plus(config.delivery().handOffMaxWait()))
                && now.plus(senders.longestCall()).isBefore(handOff.message().leaseUntil);
    }

    /**
     * Claims up to {@code size} due rows, if anything called for a look since a claim last came back short; empty
     * when none is due or the database is away (the next poll looks again).
     */
    private List<Claim> claimIfCalledFor(int size) {
        long called = tableCalls.get();
        if (called == tableLooked.get()) {
            return List.of();
        }
        try {
            List<Claim> claims = claim(size);
            if (claims.size() < size) {
                // None more was due as this claim ran; a row due later comes with a call (poll, commit, give-back).
                tableLooked.accumulateAndGet(called, Math::max);
            }
            return claims;
        } catch (RuntimeException e) {
            if (!DatabaseUnavailable.isCause(e)) {
                LOG.errorf(e, "Claiming a due message failed; the next poll tries again");
            } else {
                LOG.warnf("Claiming a due message stopped, database unavailable (%s); the next poll tries again",
                        DatabaseUnavailable.reason(e).orElse("?"));
            }
            return List.of();
        }
    }

    /**
     * Sends claimed messages one after another and records each outcome; returns how many it sent. A message later
     * in the claim goes only while its lease still covers the longest provider call ({@link ChannelSenders#longestCall}):
     * otherwise the poll could make it due again while it is being sent, and another sender send it too. Those left
     * unsent (a lease running short, stopping, a failure) are given back: due again at once, their attempt not counted.
     */
    public int send(List<Claim> claims) {
        for (int i = 0; i < claims.size(); i++) {
            Claim claim = claims.get(i);
            if (i > 0 && (stopping || !clock.instant().plus(senders.longestCall()).isBefore(claim.message().leaseUntil))) {
                giveBack(claims.subList(i, claims.size()));
                return i;
            }
            try {
                deliver(claim);
            } catch (RuntimeException e) {
                if (DatabaseUnavailable.isCause(e)) {
                    LOG.warnf("Sending notification %s stopped, database unavailable (%s); it and the %d claimed after it "
                            + "are due again when their lease ends", claim.id(), DatabaseUnavailable.reason(e).orElse("?"),
                            claims.size() - i - 1);
                } else {
                    LOG.errorf(e, "Sending notification %s failed; it is due again when its lease ends", claim.id());
                    giveBack(claims.subList(i + 1, claims.size()));
                }
                return i;
            }
        }
        return claims.size();
    }

    /**
     * Claimed messages this sender will not send after all: due again at once (if the claim is still theirs), and
     * a sender looks at the table for them. One statement per claim time: a claim's rows share theirs, each
     * hand-off has its own.
     */
    private void giveBack(List<Claim> unsent) {
        if (unsent.isEmpty()) {
            return;
        }
        try {
            Instant now = clock.instant();
            Map<Instant, List<UUID>> byClaim = unsent.stream().collect(Collectors.groupingBy(Claim::claimedAt,
                    Collectors.mapping(Claim::id, Collectors.toList())));
            int released = QuarkusTransaction.requiringNew().call(() -> byClaim.entrySet().stream()
                    .mapToInt(c -> notifications.giveBack(c.getValue(), c.getKey(), now)).sum());
            LOG.debugf("%d claimed message(s) given back unsent", released);
        } catch (RuntimeException e) {
            LOG.warnf("%d claimed message(s) not given back (%s); they are due again when their lease ends",
                    unsent.size(), e.toString());
        }
        if (!stopping) {
            wake();
        }
    }

    /** A claimed message: its row's claim time, and the message as it was read in the claim's transaction. */
    public record Claim(UUID id, Instant claimedAt, Notification message) {
    }

    /** Marks up to {@code limit} due rows SENDING for this sender and returns them. */
    public List<Claim> claim(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            return notifications.claimDue(now, now.plus(config.delivery().lease()), limit).stream()
                    .map(n -> new Claim(n.id, now, n)).toList();
        });
    }

    /**
     * Once per poll: messages whose sender's lease ran out are due again (see
     * {@link NotificationRepository#releaseExpiredLeases}), except those whose outcome this instance has yet to write.
     * A sender that comes back after its lease finds the row no longer SENDING since its claim and drops its outcome.
     */
    public int releaseExpiredLeases() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Set<UUID> keep = Set.copyOf(outcomePending);
        int released = QuarkusTransaction.requiringNew().call(() -> notifications.releaseExpiredLeases(now, keep));
        if (released > 0) {
            LOG.infof("%d message(s) whose sender's lease ran out are due again", released);
        }
        return released;
    }

    /**
     * Sends a claimed message and records its outcome. Its lease began at the claim and must outlast the provider
     * call: see {@code clinic.delivery.lease}; a sender sends a message later in its claim only while that holds.
     */
    public void deliver(Claim claim) {
        // From here to the commit in record() is the at-least-once window: a crash in it leaves the row SENDING,
        // and it is sent again (with the same Message-ID / idempotency token) when the lease ends.
        SendOutcome outcome = sendTraced(claim.message());
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

    /** The provider call inside the trace the message was scheduled in: the REST clients' spans continue it. */
    private SendOutcome sendTraced(Notification n) {
        try (Scope ignored = TraceContexts.of(n.traceParent).makeCurrent()) {
            return senders.send(n);
        }
    }

    private void record(Claim claim, SendOutcome outcome) {
        if (outcome instanceof SendOutcome.Sent sent) {
            // The usual outcome in one statement, under the same condition as below.
            if (notifications.recordSent(claim.id(), claim.claimedAt(), clock.instant(), sent.providerMessageId())) {
                metrics.reached(claim.message().channel, claim.message().type, NotificationStatus.SENT);
            }
            return;
        }
        // Locked, so that a sender claiming it again at this moment cannot interleave with this write.
        Notification n = notifications.findById(claim.id(), LockModeType.PESSIMISTIC_WRITE);
        if (n == null || n.status != NotificationStatus.SENDING || !claim.claimedAt().equals(n.claimedAt)) {
            return; // cancelled meanwhile, or the lease ran out and another sender owns it now
        }
        Instant now = clock.instant();
        n.updatedAt = now;
        n.leaseUntil = null;
        n.lastError = ((SendOutcome.Failure) outcome).reason();
        if (outcome instanceof SendOutcome.Transient && n.attempts < config.delivery().maxAttempts()) {
            Duration backoff = config.delivery().backoff().multipliedBy(1L << Math.min(n.attempts - 1, 20));
            n.status = NotificationStatus.SCHEDULED;
            n.dueAt = scheduling.dueAt(n.channel, now.plus(backoff));
            LOG.infof("Notification %s (%s) failed transiently on attempt %d; retrying at %s",
                    n.id, n.channel, n.attempts, n.dueAt);
        } else {
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
