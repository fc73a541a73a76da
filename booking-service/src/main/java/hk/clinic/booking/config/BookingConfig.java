package hk.clinic.booking.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Everything booking-service lets ops tune, under the prefix {@code clinic}. */
@ConfigMapping(prefix = "clinic")
public interface BookingConfig {

    Clock clock();

    RateLimit rateLimit();

    Outbox outbox();

    Booking booking();

    interface Clock {
        /** Pins the service clock to one instant (tests, demos); empty means the system clock. */
        Optional<Instant> fixedInstant();

        /** Shifts the system clock (rehearsing a date change); ignored when fixed-instant is set. */
        @WithDefault("PT0S")
        Duration offset();
    }

    interface RateLimit {
        /** POSTs of registrations accepted per client address within one window. */
        @WithDefault("30")
        int perAddress();

        /** POSTs of registrations accepted per phone number within one window. */
        @WithDefault("5")
        int perPhone();

        @WithDefault("PT1M")
        Duration window();
    }

    interface Outbox {
        /** How often the relay looks for events a nudge missed (e.g. after a broker outage). */
        @WithDefault("1s")
        String pollInterval();

        /** Rows published per relay round. */
        @WithDefault("100")
        int batchSize();

        /** How long the relay waits for the broker to acknowledge one event before retrying later. */
        @WithDefault("PT10S")
        Duration sendTimeout();

        /** Published events are kept this long for audit, then purged. */
        @WithDefault("P7D")
        Duration retention();

        /** Readiness turns DOWN when this many events are waiting (the relay is stuck, not just slow). */
        @WithDefault("10000")
        long maxLag();
    }

    interface Booking {
        /** The frontend page where a customer manages a registration; the id is appended. */
        @WithDefault("https://www.clinic.hk/registrations/")
        String manageUrlBase();

        /** How long a retried POST with the same Idempotency-Key gets the first answer. */
        @WithDefault("P1D")
        Duration idempotencyRetention();

        /** Largest request body accepted, answered 413 as a problem document above it. */
        @WithDefault("32768")
        long maxBodyBytes();

        /** Key of the HMAC that derives manage tokens; set the same value on every replica. */
        Optional<String> tokenSecret();
    }
}
