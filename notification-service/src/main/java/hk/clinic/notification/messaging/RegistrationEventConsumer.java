package hk.clinic.notification.messaging;

import hk.clinic.notification.domain.AftercarePlan;
import hk.clinic.notification.messaging.RegistrationEventParser.ParsedEvent;
import hk.clinic.notification.repository.DatabaseUnavailable;
import hk.clinic.notification.service.AftercarePlans;
import hk.clinic.notification.service.NotificationMetrics;
import hk.clinic.notification.service.RegistrationEventHandler;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Applies booking's registration events (CloudEvents, structured JSON) exactly once, in order per registration
 * (the record key). A record that throws is nacked and the connector's dead-letter strategy moves it to
 * {@code booking.registrations.dlq}, so the partition moves on; except while the instance stops (see
 * {@link #onStop}): then it is left unacknowledged, for the instance that gets the partition next.
 */
@ApplicationScoped
public class RegistrationEventConsumer {

    private static final Logger LOG = Logger.getLogger(RegistrationEventConsumer.class);

    static final String CHANNEL = "registration-events";

    /** At a stop, the longest the event being applied may take to finish before the database goes. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    private static final long STOP_POLL_MS = 50;

    @Inject
    RegistrationEventParser parser;

    @Inject
    RegistrationEventHandler handler;

    @Inject
    AftercarePlans aftercarePlans;

    @Inject
    NotificationMetrics metrics;

    @Inject
    Clock clock;

    @Inject
    ChannelRegistry channels;

    /** Events being applied right now (one per partition at most: the method is ordered). */
    private final AtomicInteger applying = new AtomicInteger();

    private volatile boolean stopping;

    /**
     * A database hiccup or content-service outage without a cached plan is retried a few times before the record
     * is given up to the dead-letter topic; a record that can never be applied is not retried at all.
     */
    private final Guard transientFailures = Guard.create()
            .withDescription("registration event application")
            .withRetry().maxRetries(3).delay(500, ChronoUnit.MILLIS).abortOn(InvalidEventException.class).done()
            .withThreadOffload(false)
            .build();

    /**
     * While the database is away no event can be applied, and giving the record up to the dead-letter topic would
     * lose its confirmation: it waits for the database instead (the partition holds still meanwhile; nothing else
     * could be applied either). Found by the all-in-one InfraFaultsTest, which stops PostgreSQL under load.
     */
    private final Guard databaseOutage = Guard.create()
            .withDescription("registration event application while the database is away")
            .withRetry().maxRetries(-1).maxDuration(10, ChronoUnit.MINUTES).delay(1, ChronoUnit.SECONDS)
            .whenException(DatabaseUnavailable::isCause)
            .beforeRetry(e -> LOG.warnf("Database unavailable (%s), event application waits for it",
                    DatabaseUnavailable.reason(e).orElse("?")))
            .done()
            .withThreadOffload(false)
            .build();

    /**
     * Applies one record inside the consumer span the Kafka connector started for it (a child of booking's producer
     * span, from the record's traceparent header): the messages it schedules keep that span's context.
     */
    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onEvent(Message<String> record) {
        applying.incrementAndGet();
        try (Scope ignored = record.getMetadata(TracingMetadata.class).map(t -> t.getCurrentContext().makeCurrent())
                .orElseGet(Scope::noop)) {
            apply(record.getPayload());
        } catch (Exception e) {
            if (stopping) {
                // Hibernate or the datasource closing under it: not the record's fault, so not the dead-letter topic.
                LOG.infof("A registration event was not applied as the instance stops (%s); it is left to the next",
                        e.toString());
                return new CompletableFuture<>(); // neither acked nor nacked: its offset is not committed
            }
            return record.nack(e);
        } finally {
            applying.decrementAndGet();
        }
        return record.ack();
    }

    /**
     * Before Hibernate and the datasource close (the Kafka connector stops its consumer only after them): no more
     * records are taken ({@code pausable} channel), and the one being applied finishes, so that it neither fails on
     * a closed EntityManagerFactory nor goes to the dead-letter topic for it (found by the all-in-one system test of
     * a clean stop under load). Records fetched but not applied keep their offsets uncommitted: the next instance
     * gets them. Runs before {@code Delivery}'s stop, so that what these events schedule can still be sent here.
     */
    void onStop(@Observes @Priority(1000) ShutdownEvent stop) throws InterruptedException {
        stopping = true;
        channels.getPausable(CHANNEL).pause();
        // Twice idle in a row: a record handed to the worker just before the pause starts right after the last one.
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        int idleChecks = 0;
        while (idleChecks < 2 && System.nanoTime() < deadline) {
            idleChecks = applying.get() == 0 ? idleChecks + 1 : 0;
            Thread.sleep(STOP_POLL_MS);
        }
        if (idleChecks < 2) {
            LOG.warnf("An event was still being applied %s after the stop began; it is left to the next instance", STOP_WAIT);
        }
    }

    private void apply(String value) throws Exception {
        ParsedEvent parsed = parser.parse(value);
        boolean applied = databaseOutage.call(() -> transientFailures.call(() -> {
            // Fetched before the transaction so that no database connection waits on content-service.
            Optional<AftercarePlan> plan = parsed.type() == RegistrationEventType.ATTENDED
                    ? aftercarePlans.planFor(parsed.data().treatment().code())
                    : Optional.empty();
            return handler.apply(parsed, plan);
        }, Boolean.class), Boolean.class);
        if (parsed.event().time() != null) {
            metrics.consumerLag(Duration.between(parsed.event().time(), clock.instant()).toMillis());
        }
        LOG.debugf("%s event %s for registration %s", applied ? "Applied" : "Skipped duplicate",
                parsed.event().id(), parsed.data().registrationId());
    }
}
