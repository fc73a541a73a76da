package hk.clinic.booking.health;

import hk.clinic.booking.config.BookingConfig;
import hk.clinic.booking.messaging.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports how many events wait for Kafka. A short outage keeps the service ready (registrations still
 * succeed and the events follow later); only a backlog beyond clinic.outbox.max-lag takes it out.
 */
@Readiness
@ApplicationScoped
public class OutboxLagCheck implements HealthCheck {

    @Inject
    OutboxRelay relay;

    @Inject
    BookingConfig config;

    @Override
    public HealthCheckResponse call() {
        long lag = relay.lag();
        return HealthCheckResponse.named("Outbox relay")
                .status(lag <= config.outbox().maxLag())
                .withData("unpublishedEvents", lag)
                .withData("maxLag", config.outbox().maxLag())
                .build();
    }
}
