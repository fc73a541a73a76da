package hk.clinic.notification.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/** The system clock plus an offset that only ever grows, so tests and system tests move time forward. */
public final class AdjustableClock extends Clock {

    private final Clock base;
    private final AtomicReference<Duration> offset;

    public AdjustableClock(Clock base, Duration offset) {
        this.base = base;
        this.offset = new AtomicReference<>(offset);
    }

    public Duration offset() {
        return offset.get();
    }

    /** Moves time forward; going back would make already-sent messages look due again. */
    public Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("The clock only moves forward");
        }
        offset.accumulateAndGet(by, Duration::plus);
        return instant();
    }

    /** Moves time forward to {@code target} if it lies ahead; returns the new now. */
    public Instant advanceTo(Instant target) {
        Duration by = Duration.between(instant(), target);
        return by.isNegative() ? instant() : advance(by);
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new AdjustableClock(base.withZone(zone), offset.get());
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }
}
