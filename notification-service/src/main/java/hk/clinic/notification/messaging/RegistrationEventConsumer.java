package hk.clinic.notification.messaging;

import hk.clinic.notification.domain.AftercarePlan;
import hk.clinic.notification.messaging.RegistrationEventParser.ParsedEvent;
import hk.clinic.notification.repository.DatabaseUnavailable;
import hk.clinic.notification.service.AftercarePlans;
import hk.clinic.notification.service.NotificationMetrics;
import hk.clinic.notification.service.RegistrationEventHandler;
import io.opentelemetry.context.Scope;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Applies booking's registration events (CloudEvents, structured JSON) exactly once, in order per registration
 * (the record key). A record that throws is nacked and the connector's dead-letter strategy moves it to
 * {@code booking.registrations.dlq}, so the partition moves on.
 */
@ApplicationScoped
public class RegistrationEventConsumer {

    private static final Logger LOG = Logger.getLogger(RegistrationEventConsumer.class);

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
    @Incoming("registration-events")
    @Blocking
    public void onEvent(String value, Optional<TracingMetadata> tracing) throws Exception {
        try (Scope ignored = tracing.map(t -> t.getCurrentContext().makeCurrent()).orElseGet(Scope::noop)) {
            apply(value);
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
