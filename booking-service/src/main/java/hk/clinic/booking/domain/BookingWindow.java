package hk.clinic.booking.domain;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The first and last bookable dates of a treatment. They are counted in calendar days in the clinic's zone,
 * whatever zone the server runs in: at 00:30 in Hong Kong it is still the previous day in UTC.
 */
public record BookingWindow(LocalDate today, LocalDate minimalDate, LocalDate maximalDate) {

    public static final ZoneId CLINIC_ZONE = ZoneId.of("Asia/Hong_Kong");

    public static BookingWindow of(Treatment treatment, Clock clock) {
        LocalDate today = LocalDate.now(clock.withZone(CLINIC_ZONE));
        return new BookingWindow(today, today.plusDays(treatment.minNoticeDays), today.plusDays(treatment.maxAdvanceDays));
    }

    public boolean contains(LocalDate date) {
        return !date.isBefore(minimalDate) && !date.isAfter(maximalDate);
    }
}
