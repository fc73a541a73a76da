package hk.clinic.booking.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.ZoneOffset;

/** The one source of "now": every date rule reads it, so a fixed or shifted clock moves the whole service. */
@ApplicationScoped
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock(BookingConfig config) {
        var c = config.clock();
        if (c.fixedInstant().isPresent()) {
            return Clock.fixed(c.fixedInstant().get(), ZoneOffset.UTC);
        }
        return Clock.offset(Clock.systemUTC(), c.offset());
    }
}
