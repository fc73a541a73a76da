package hk.clinic.booking;

import hk.clinic.booking.domain.BookingWindow;
import hk.clinic.booking.domain.Treatment;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The date rule on both sides of midnight in Hong Kong, with the clock in UTC as on the servers. */
class BookingWindowTest {

    private static Treatment treatment(int notice, int advance) {
        Treatment t = new Treatment();
        t.minNoticeDays = notice;
        t.maxAdvanceDays = advance;
        return t;
    }

    private static BookingWindow at(String instant) {
        return BookingWindow.of(treatment(1, 60), Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
    }

    @Test
    void oneMinuteBeforeMidnightInHongKong() {
        BookingWindow w = at("2026-11-26T15:59:00Z");
        assertEquals(LocalDate.of(2026, 11, 26), w.today());
        assertEquals(LocalDate.of(2026, 11, 27), w.minimalDate());
        assertEquals(LocalDate.of(2027, 1, 25), w.maximalDate());
    }

    @Test
    void oneMinuteAfterMidnightInHongKongIsStillTheDayBeforeInUtc() {
        BookingWindow w = at("2026-11-26T16:01:00Z");
        assertEquals(LocalDate.of(2026, 11, 27), w.today());
        assertEquals(LocalDate.of(2026, 11, 28), w.minimalDate());
        assertEquals(LocalDate.of(2027, 1, 26), w.maximalDate());
    }

    @Test
    void noticeAndHorizonComeFromTheTreatment() {
        BookingWindow w = BookingWindow.of(treatment(3, 90), Clock.fixed(Instant.parse("2026-11-26T16:01:00Z"), ZoneOffset.UTC));
        assertEquals(LocalDate.of(2026, 11, 30), w.minimalDate());
        assertEquals(LocalDate.of(2027, 2, 25), w.maximalDate());
    }
}
