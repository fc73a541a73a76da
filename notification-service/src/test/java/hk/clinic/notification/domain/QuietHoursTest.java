package hk.clinic.notification.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The night window is computed in Hong Kong time, whatever the JVM's zone (UTC in tests). */
class QuietHoursTest {

    private static final ZoneId HK = ZoneId.of("Asia/Hong_Kong");
    private final QuietHours nights = new QuietHours(LocalTime.of(22, 0), LocalTime.of(9, 0), HK);

    private static Instant hk(int day, int hour, int minute) {
        return ZonedDateTime.of(2026, 12, day, hour, minute, 0, 0, HK).toInstant();
    }

    @Test
    void phoneMessagesInsideTheWindowMoveToTheNextNineOClock() {
        assertEquals(hk(2, 9, 0), nights.nextAllowed(Channel.WHATSAPP, hk(1, 22, 0)), "the window starts at 22:00 sharp");
        assertEquals(hk(2, 9, 0), nights.nextAllowed(Channel.SMS, hk(1, 23, 59)));
        assertEquals(hk(2, 9, 0), nights.nextAllowed(Channel.WHATSAPP, hk(2, 0, 30)), "after midnight: the same day's 09:00");
        assertEquals(hk(2, 9, 0), nights.nextAllowed(Channel.WHATSAPP, hk(2, 8, 59)));
    }

    @Test
    void outsideTheWindowOrByEmailNothingMoves() {
        assertEquals(hk(2, 9, 0), nights.nextAllowed(Channel.WHATSAPP, hk(2, 9, 0)), "09:00 is allowed");
        assertEquals(hk(1, 21, 59), nights.nextAllowed(Channel.SMS, hk(1, 21, 59)));
        assertEquals(hk(1, 23, 0), nights.nextAllowed(Channel.EMAIL, hk(1, 23, 0)), "email does not wake anyone");
    }

    @Test
    void aWindowWithinOneDayWorksToo() {
        QuietHours lunch = new QuietHours(LocalTime.of(13, 0), LocalTime.of(14, 0), HK);
        assertEquals(hk(1, 14, 0), lunch.nextAllowed(Channel.WHATSAPP, hk(1, 13, 30)));
        assertEquals(hk(1, 12, 59), lunch.nextAllowed(Channel.WHATSAPP, hk(1, 12, 59)));
    }
}
