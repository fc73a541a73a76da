package hk.clinic.booking;

import hk.clinic.booking.domain.PhoneNumbers;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;

/**
 * Test data. The test clock stands at 2026-11-27 00:30 in Hong Kong (2026-11-26 in UTC). Every test books
 * its own slot so that tests never share places, whichever order they run in.
 */
public final class Fixtures {

    public static final String TRIAL = "acne-treatment-trial";
    public static final String FACIAL = "vacuum-microdermabrasion-facial";
    public static final String CAUSEWAY_BAY = "causeway-bay";
    /** Minimal date of a one-day-notice treatment: 27 November in Hong Kong plus one day. */
    public static final LocalDate MINIMAL = LocalDate.of(2026, 11, 28);
    public static final LocalDate MAXIMAL = LocalDate.of(2027, 1, 26);
    private static final Set<LocalDate> CLOSED = Set.of(LocalDate.of(2026, 12, 25), LocalDate.of(2026, 12, 26),
            LocalDate.of(2027, 1, 1));
    private static final String COUNTER = "hk.clinic.booking.test.slot-counter";

    private Fixtures() {
    }

    public record Slot(LocalDate date, LocalTime time) {
        public String dateText() {
            return date.toString();
        }

        public String timeText() {
            return time.toString();
        }
    }

    /** A slot no other test uses: a weekday (10:00-20:00) from 1 December on, 19 slot starts a day. */
    public static Slot freshSlot() {
        int n;
        synchronized (System.getProperties()) {
            n = Integer.parseInt(System.getProperty(COUNTER, "0"));
            System.setProperty(COUNTER, String.valueOf(n + 1));
        }
        LocalDate date = LocalDate.of(2026, 12, 1);
        int day = n / 19;
        while (true) {
            if (date.getDayOfWeek() != DayOfWeek.SUNDAY && !CLOSED.contains(date)) {
                if (day == 0) {
                    break;
                }
                day--;
            }
            date = date.plusDays(1);
        }
        return new Slot(date, LocalTime.of(10, 0).plusMinutes(30L * (n % 19)));
    }

    /** A valid Hong Kong mobile number nobody else uses, as a person would type it. */
    public static String phone() {
        while (true) {
            String candidate = "+852 9" + String.format("%03d %04d", ThreadLocalRandom.current().nextInt(1000),
                    ThreadLocalRandom.current().nextInt(10000));
            if (PhoneNumbers.toE164(candidate).isPresent()) {
                return candidate;
            }
        }
    }

    public static String e164(String phone) {
        return PhoneNumbers.toE164(phone).orElseThrow();
    }

    /** A client address of its own, so the per-address rate limit never couples tests. */
    public static RequestSpecification client() {
        var r = ThreadLocalRandom.current();
        return given().header("X-Forwarded-For", "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255))
                .contentType(ContentType.JSON);
    }

    public static Map<String, Object> registration(String treatment, Slot slot, String phone) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("treatmentCode", treatment);
        body.put("branchCode", CAUSEWAY_BAY);
        body.put("preferredDate", slot.dateText());
        body.put("preferredTime", slot.timeText());
        body.put("fullName", "Chan Tai Man");
        body.put("phone", phone);
        body.put("email", "chan@example.com");
        body.put("language", "zh-HK");
        body.put("consent", new LinkedHashMap<>(Map.of("termsVersion", "2025-10", "privacyVersion", "2025-10", "accepted", true)));
        body.put("marketingOptIn", false);
        body.put("source", Map.of("channel", "web", "campaign", "milia-guide"));
        return body;
    }

    public static Map<String, Object> registration(Slot slot) {
        return registration(TRIAL, slot, phone());
    }
}
