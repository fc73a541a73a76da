package hk.clinic.notification.domain;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** The night window in the clinic's zone in which no phone message is delivered. */
public record QuietHours(LocalTime start, LocalTime end, ZoneId zone) {

    public boolean contains(Instant instant) {
        LocalTime t = instant.atZone(zone).toLocalTime();
        return start.isAfter(end)
                ? !t.isBefore(start) || t.isBefore(end)
                : !t.isBefore(start) && t.isBefore(end);
    }

    /** The first allowed instant at or after {@code due} for a message on {@code channel}. */
    public Instant nextAllowed(Channel channel, Instant due) {
        if (!channel.respectsQuietHours() || !contains(due)) {
            return due;
        }
        ZonedDateTime local = due.atZone(zone);
        ZonedDateTime end = local.toLocalDate().atTime(this.end).atZone(zone);
        return (end.isBefore(local) ? end.plusDays(1) : end).toInstant();
    }
}
