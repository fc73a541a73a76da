package hk.clinic.booking;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static hk.clinic.booking.Fixtures.CAUSEWAY_BAY;
import static hk.clinic.booking.Fixtures.TRIAL;
import static hk.clinic.booking.Fixtures.client;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class CatalogueTest {

    @Test
    void treatmentsCarryTheirBookingRulesInTheChosenLanguage() {
        given().when().get("/api/v1/treatments").then().statusCode(200)
                .header("Content-Language", "en")
                .body("total", equalTo(4)).body("page", equalTo(0)).body("size", equalTo(20))
                .body("items.code", contains("acne-treatment-trial", "vacuum-microdermabrasion-facial",
                        "milia-deroofing-extraction", "milia-laser-ablation"))
                .body("items[0].name", equalTo("Acne Treatment (free trial)"))
                .body("items[0].freeTrial", equalTo(true))
                .body("items[0].minimumNoticeDays", equalTo(1))
                .body("items[0].maximumAdvanceDays", equalTo(60))
                .body("items[0].durationMinutes", equalTo(60))
                .body("items[0].slotIntervalMinutes", equalTo(30))
                .body("items[1].freeTrial", equalTo(false));
        given().header("Accept-Language", "zh-HK").when().get("/api/v1/treatments").then().statusCode(200)
                .header("Content-Language", "zh-HK").body("items[0].name", equalTo("暗瘡治療（免費體驗）"));
        given().header("Accept-Language", "zh-TW, en;q=0.5").when().get("/api/v1/treatments").then()
                .header("Content-Language", "zh-HK");
        given().queryParam("locale", "zh-Hant").when().get("/api/v1/treatments").then().statusCode(200)
                .header("Content-Language", "zh-HK");
        given().header("Accept-Language", "zh-CN").when().get("/api/v1/treatments").then().statusCode(200)
                .header("Content-Language", "en");
    }

    @Test
    void anUnsupportedExplicitLocaleIsAProblem() {
        given().queryParam("locale", "fr").when().get("/api/v1/treatments").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://api.clinic.hk/problems/validation-failed"))
                .body("errors[0].field", equalTo("locale"));
    }

    @Test
    void branchesCarryAddressHoursAndClosedDates() {
        given().queryParam("locale", "zh-HK").when().get("/api/v1/branches").then().statusCode(200)
                .body("items.code", containsInAnyOrder("causeway-bay", "tsim-sha-tsui", "mong-kok", "central"))
                .body("items.find { it.code == 'causeway-bay' }.name", equalTo("銅鑼灣"))
                .body("items.find { it.code == 'causeway-bay' }.address", equalTo("香港銅鑼灣軒尼詩道500號10樓"))
                .body("items.find { it.code == 'causeway-bay' }.openingHours", hasSize(7))
                .body("items.find { it.code == 'central' }.openingHours.weekday", not(hasItem("SUNDAY")))
                .body("items.find { it.code == 'central' }.closedDates", hasItem("2026-12-25"));
    }

    @Test
    void availabilityCountsDatesInHongKongWhileTheServerRunsInUtc() {
        // 2026-11-27 00:30 in Hong Kong is 2026-11-26 in UTC: the first bookable date is the 28th, not the 27th.
        given().queryParam("treatment", TRIAL).queryParam("branch", CAUSEWAY_BAY)
                .queryParam("from", "2026-11-25").queryParam("to", "2026-11-30")
                .when().get("/api/v1/availability").then().statusCode(200)
                .body("treatmentCode", equalTo(TRIAL)).body("branchCode", equalTo(CAUSEWAY_BAY))
                .body("minimalDate", equalTo("2026-11-28"))
                .body("maximalDate", equalTo("2027-01-26"))
                .body("days.date", contains("2026-11-28", "2026-11-29", "2026-11-30"))
                // Saturday 10:00-20:00, one-hour treatment every 30 minutes: 10:00 ... 19:00.
                .body("days[0].slots", hasSize(19))
                .body("days[0].slots[0].time", equalTo("10:00"))
                .body("days[0].slots[18].time", equalTo("19:00"))
                .body("days[0].slots[0].remaining", equalTo(3))
                // Sunday 11:00-18:00.
                .body("days[1].slots[0].time", equalTo("11:00"))
                .body("days[1].slots", hasSize(13));
    }

    @Test
    void availabilityShowsClosedDaysAndTakenPlaces() {
        given().queryParam("treatment", TRIAL).queryParam("branch", "central")
                .queryParam("from", "2026-12-25").queryParam("to", "2026-12-27")
                .when().get("/api/v1/availability").then().statusCode(200)
                .body("days.closed", contains(true, true, true))
                .body("days[0].slots", empty());

        Fixtures.Slot slot = Fixtures.freshSlot();
        client().body(Fixtures.registration(slot)).when().post("/api/v1/registrations").then().statusCode(201);
        given().queryParam("treatment", TRIAL).queryParam("branch", CAUSEWAY_BAY)
                .queryParam("from", slot.dateText()).queryParam("to", slot.dateText())
                .when().get("/api/v1/availability").then().statusCode(200)
                .body("days[0].slots.find { it.time == '" + slot.timeText() + "' }.remaining", equalTo(2));
    }

    @Test
    void placesCanDifferPerSlot() {
        // Central: one free-trial place at 13:00 and 13:30 on weekdays, three otherwise.
        given().queryParam("treatment", TRIAL).queryParam("branch", "central")
                .queryParam("from", "2026-12-02").queryParam("to", "2026-12-02")
                .when().get("/api/v1/availability").then().statusCode(200)
                .body("days[0].slots.find { it.time == '12:30' }.remaining", equalTo(3))
                .body("days[0].slots.find { it.time == '13:00' }.remaining", equalTo(1))
                .body("days[0].slots.find { it.time == '13:30' }.remaining", equalTo(1));
        var body = Fixtures.registration(new Fixtures.Slot(java.time.LocalDate.of(2026, 12, 2), java.time.LocalTime.of(13, 30)));
        body.put("branchCode", "central");
        client().body(body).when().post("/api/v1/registrations").then().statusCode(201);
        var second = Fixtures.registration(new Fixtures.Slot(java.time.LocalDate.of(2026, 12, 2), java.time.LocalTime.of(13, 30)));
        second.put("branchCode", "central");
        client().body(second).when().post("/api/v1/registrations").then().statusCode(409)
                .body("type", equalTo("https://api.clinic.hk/problems/slot-full"));
    }

    @Test
    void availabilityRejectsUnknownCodesAndBadDates() {
        given().queryParam("treatment", "botox").queryParam("branch", "sha-tin")
                .when().get("/api/v1/availability").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("treatment", "branch"));
        given().queryParam("treatment", TRIAL).queryParam("branch", CAUSEWAY_BAY).queryParam("from", "2026-13-01")
                .when().get("/api/v1/availability").then().statusCode(400)
                .body("errors[0].field", equalTo("from"));
        given().queryParam("branch", CAUSEWAY_BAY)
                .when().get("/api/v1/availability").then().statusCode(400)
                .body("errors[0].field", equalTo("treatment"));
        given().queryParam("treatment", TRIAL).queryParam("branch", CAUSEWAY_BAY)
                .queryParam("from", "2026-12-10").queryParam("to", "2026-12-01")
                .when().get("/api/v1/availability").then().statusCode(400)
                .body("errors[0].field", equalTo("to"));
    }
}
