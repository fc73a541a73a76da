package hk.clinic.booking;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static hk.clinic.booking.Fixtures.CAUSEWAY_BAY;
import static hk.clinic.booking.Fixtures.TRIAL;
import static hk.clinic.booking.Fixtures.client;
import static hk.clinic.booking.Fixtures.freshSlot;
import static hk.clinic.booking.Fixtures.registration;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * The other side of the edge: one second before midnight in Hong Kong (15:59:59 UTC) it is still the 26th
 * there, so the 27th is already bookable; the default test clock (00:30 on the 27th) makes it the 28th.
 */
@QuarkusTest
class BeforeMidnightInHongKongTest {

    @Inject
    MovableClock clock;

    @BeforeEach
    void justBeforeMidnight() {
        clock.set(Instant.parse("2026-11-26T15:59:59Z"));
    }

    @AfterEach
    void backToTheTestClock() {
        clock.reset();
    }

    @Test
    void theMinimalDateIsTomorrowInHongKong() {
        given().queryParam("treatment", TRIAL).queryParam("branch", CAUSEWAY_BAY)
                .queryParam("from", "2026-11-26").queryParam("to", "2026-11-28")
                .when().get("/api/v1/availability").then().statusCode(200)
                .body("minimalDate", equalTo("2026-11-27"))
                .body("maximalDate", equalTo("2027-01-25"))
                .body("days[0].date", equalTo("2026-11-27"));

        Map<String, Object> today = registration(freshSlot());
        today.put("preferredDate", "2026-11-26");
        client().body(today).when().post("/api/v1/registrations").then().statusCode(400)
                .body("detail", equalTo("Date should not be before minimal date 2026-11-27"));

        Map<String, Object> tomorrow = registration(freshSlot());
        tomorrow.put("preferredDate", "2026-11-27");
        tomorrow.put("preferredTime", "19:00");
        client().body(tomorrow).when().post("/api/v1/registrations").then().statusCode(201);
    }
}
