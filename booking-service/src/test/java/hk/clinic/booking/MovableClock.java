package hk.clinic.booking;

import hk.clinic.booking.config.BookingConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The service clock of every {@code @QuarkusTest}: it stands still at {@code clinic.clock.fixed-instant}, as the
 * production producer's fixed clock does, and a test may move it for a moment and must put it back. A test of
 * another instant then needs no test profile of its own, each of which costs a restart and an augmentation.
 */
@Alternative
@Priority(1)
@Singleton
public class MovableClock extends Clock {

    private final Instant configured;
    private volatile Instant now;

    @Inject
    MovableClock(BookingConfig config) {
        this.configured = config.clock().fixedInstant()
                .orElseThrow(() -> new IllegalStateException("the tests need clinic.clock.fixed-instant"));
        this.now = configured;
    }

    /** Stands the clock at {@code instant} until {@link #reset()}. */
    public void set(Instant instant) {
        now = instant;
    }

    /** Back to the configured instant. */
    public void reset() {
        now = configured;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(now, zone);
    }

    @Override
    public Instant instant() {
        return now;
    }
}
