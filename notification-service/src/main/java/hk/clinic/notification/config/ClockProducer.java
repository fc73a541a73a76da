package hk.clinic.notification.config;

import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;

/** The one clock of the service. Outside production it may start shifted by {@code clinic.clock.offset}. */
public class ClockProducer {

    @Produces
    @Singleton
    @Typed(AdjustableClock.class)
    AdjustableClock adjustableClock(NotificationConfig config) {
        Duration offset = LaunchMode.current() == LaunchMode.NORMAL && !config.clock().adjustable()
                ? Duration.ZERO : config.clock().offset();
        return new AdjustableClock(Clock.systemUTC(), offset);
    }

    @Produces
    @Singleton
    Clock clock(AdjustableClock clock) {
        return clock;
    }
}
