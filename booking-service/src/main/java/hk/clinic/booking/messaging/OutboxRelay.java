package hk.clinic.booking.messaging;

import hk.clinic.booking.config.BookingConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes committed outbox rows to Kafka in seq order and marks them published. A PostgreSQL advisory lock
 * held for the batch's transaction makes one replica at a time the publisher, so two replicas never send
 * out of order. When the broker is away the batch stops at the first unacknowledged event and the rows stay
 * for the next round: a Kafka outage delays events, never loses them (consumers dedupe by event id).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final byte[] CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8);
    private static final long LOCK_KEY = 0x626f6f6b696e67L; // "booking": one relay lock per schema

    @Inject
    @Channel("registration-events")
    Emitter<String> emitter;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    BookingConfig config;

    @Inject
    MeterRegistry registry;

    /** Runs nudged rounds off the committing request's thread; one thread is enough, rounds never overlap. */
    private final ExecutorService nudges = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay-nudge"));

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    /** A nudged round is queued and hasn't started: later commits ride on it instead of queueing one each. */
    private final AtomicBoolean nudgeQueued = new AtomicBoolean();
    private final AtomicLong lag = new AtomicLong();

    @PostConstruct
    void registerGauge() {
        Gauge.builder("clinic_outbox_lag_events", lag, AtomicLong::get)
                .description("Outbox events committed but not yet acknowledged by Kafka")
                .register(registry);
    }

    @PreDestroy
    void stop() {
        nudges.shutdownNow();
    }

    /** Events waiting for the broker, as of the last relay round. */
    public long lag() {
        return lag.get();
    }

    // Skipped until the application has started: the emitter is wired to Kafka only then (a fixed delay was too
    // short on a slow start and logged "Error injecting Emitter").
    @Scheduled(every = "${clinic.outbox.poll-interval:1s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        drain();
        refreshLag();
    }

    /**
     * A committed change wrote events: publish them now rather than at the next poll. Nudges coalesce: one
     * queued round (or the running one, through {@code again}) picks up every row committed before it selects,
     * so under load a round publishes many rows instead of every commit paying a round of its own.
     */
    void onAppended(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWriter.Appended appended) {
        if (nudgeQueued.compareAndSet(false, true)) {
            nudges.execute(() -> {
                nudgeQueued.set(false);
                drain();
            });
        }
    }

    /** Publishes until the outbox is empty or the broker stops acknowledging; returns the events published. */
    public int drain() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return 0;
        }
        int total = 0;
        try {
            do {
                try {
                    while (true) {
                        again.set(false);
                        Batch batch = QuarkusTransaction.requiringNew().call(this::publishBatch);
                        total += batch.published();
                        if (batch.failed()) {
                            return total; // the broker is away: the next poll tries again (and counts the lag)
                        }
                        if (batch.drained()) {
                            lag.set(0); // as of this round; rows committed since then nudge a round of their own
                        }
                        if (batch.selected() < config.outbox().batchSize() && !again.get()) {
                            break;
                        }
                    }
                } finally {
                    running.set(false);
                }
                // A nudge that arrived after the last check found the round still running: go on for it.
            } while (again.get() && running.compareAndSet(false, true));
        } catch (RuntimeException e) {
            LOG.warnf("Outbox relay round failed, retrying at the next poll: %s", e.toString());
        }
        return total;
    }

    /** {@code drained}: this replica held the lock and published every waiting row it found. */
    private record Batch(int selected, int published, boolean drained) {
        boolean failed() {
            return published < selected;
        }
    }

    private Batch publishBatch() {
        Object locked = em.createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)").setParameter(1, LOCK_KEY).getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            return new Batch(0, 0, false); // another replica is publishing
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT seq, aggregate_id, payload::text, trace_parent FROM outbox_event "
                        + "WHERE published_at IS NULL ORDER BY seq LIMIT ?1")
                .setParameter(1, config.outbox().batchSize()).getResultList();
        long deadline = System.nanoTime() + config.outbox().sendTimeout().toNanos();
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        int published = 0;
        List<Long> acked = new ArrayList<>(rows.size());
        try {
            for (int i = 0; i < rows.size(); i++) {
                acks.add(send(rows.get(i)[1].toString(), (String) rows.get(i)[2], (String) rows.get(i)[3]));
                if (i == 0) {
                    // The first event probes the broker alone: during an outage nothing else queues up in the
                    // producer, where it could be delivered late and out of order with a later round's resend.
                    await(acks.get(0), deadline);
                }
            }
            for (int i = 0; i < acks.size(); i++) {
                await(acks.get(i), deadline);
                acked.add(((Number) rows.get(i)[0]).longValue());
                published++;
            }
        } catch (Exception e) {
            LOG.warnf("Kafka did not acknowledge outbox event seq %s, will retry: %s", rows.get(published)[0], e.toString());
        }
        if (published > 0) {
            // Exactly the rows sent, not "seq <= last": a row with a lower seq whose transaction committed after
            // the SELECT (seq is taken at insert, visibility at commit) would be marked published unsent, and lost.
            em.createNativeQuery("UPDATE outbox_event SET published_at = ?1 WHERE published_at IS NULL AND seq IN (?2)")
                    .setParameter(1, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                    .setParameter(2, acked)
                    .executeUpdate();
        }
        return new Batch(rows.size(), published, published == rows.size() && rows.size() < config.outbox().batchSize());
    }

    private static void await(CompletableFuture<Void> ack, long deadline) throws Exception {
        ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /**
     * Sends one event. Its producer span (and so the record's traceparent header) is a child of the request that
     * wrote the row, not of this relay round: the connector takes the parent from the message's TracingMetadata.
     */
    private CompletableFuture<Void> send(String key, String payload, String traceParent) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<String> message = Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key)
                        .withHeaders(new RecordHeaders().add("content-type", CONTENT_TYPE)).build())
                .addMetadata(TracingMetadata.withCurrent(TraceContexts.of(traceParent)))
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        emitter.send(message);
        return acked;
    }

    private void refreshLag() {
        try {
            Number waiting = QuarkusTransaction.requiringNew().call(() -> (Number) em.createNativeQuery(
                    "SELECT count(*) FROM outbox_event WHERE published_at IS NULL").getSingleResult());
            lag.set(waiting.longValue());
        } catch (RuntimeException e) {
            LOG.debugf("Outbox lag not refreshed: %s", e.toString());
        }
    }
}
