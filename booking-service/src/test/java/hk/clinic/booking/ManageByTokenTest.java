package hk.clinic.booking;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static hk.clinic.booking.Fixtures.FACIAL;
import static hk.clinic.booking.Fixtures.TRIAL;
import static hk.clinic.booking.Fixtures.client;
import static hk.clinic.booking.Fixtures.freshSlot;
import static hk.clinic.booking.Fixtures.phone;
import static hk.clinic.booking.Fixtures.registration;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** GET, PATCH (reschedule) and DELETE (cancel) with the manage token, and nothing without it. */
@QuarkusTest
class ManageByTokenTest {

    @Inject
    Db db;

    record Booked(String id, String token, Fixtures.Slot slot, String phone) {
    }

    private static Booked book(String treatment) {
        Fixtures.Slot slot = freshSlot();
        String phone = phone();
        var r = client().body(registration(treatment, slot, phone)).when().post("/api/v1/registrations")
                .then().statusCode(201).extract();
        return new Booked(r.path("id"), r.path("manageToken"), slot, phone);
    }

    private static io.restassured.specification.RequestSpecification as(Booked b) {
        return given().header("X-Manage-Token", b.token()).contentType(ContentType.JSON);
    }

    @Test
    void theTokenShowsTheRegistrationButNeverTheTokenAgain() {
        Booked b = book(TRIAL);
        as(b).when().get("/api/v1/registrations/" + b.id()).then().statusCode(200)
                .body("id", equalTo(b.id()))
                .body("manageToken", nullValue())
                .body("status", equalTo("SUBMITTED"))
                .body("consent.termsVersion", equalTo("2025-10"));
    }

    @Test
    void wrongMissingOrForeignTokensGetTheSameNotFound() {
        Booked b = book(TRIAL);
        Booked other = book(TRIAL);
        var unknownId = given().header("X-Manage-Token", b.token()).when().get("/api/v1/registrations/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json").extract().path("detail");
        var wrong = given().header("X-Manage-Token", "not-the-token").when().get("/api/v1/registrations/" + b.id())
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://api.clinic.hk/problems/registration-not-found")).extract().path("detail");
        given().when().get("/api/v1/registrations/" + b.id()).then().statusCode(404);
        as(other).when().get("/api/v1/registrations/" + b.id()).then().statusCode(404);
        as(other).body(Map.of("preferredDate", "2026-12-30", "preferredTime", "11:00"))
                .when().patch("/api/v1/registrations/" + b.id()).then().statusCode(404);
        as(other).when().delete("/api/v1/registrations/" + b.id()).then().statusCode(404);
        assertEquals(unknownId, wrong);
        assertEquals("SUBMITTED", db.rows("SELECT status FROM registration WHERE id = ?::uuid", b.id()).get(0).get("status"));
    }

    @Test
    void reschedulingMovesThePlaceUnderTheSameRules() {
        Booked b = book(FACIAL);
        Fixtures.Slot target = freshSlot();
        as(b).body(Map.of("preferredDate", "2026-11-27", "preferredTime", "11:00"))
                .when().patch("/api/v1/registrations/" + b.id()).then().statusCode(400)
                .body("detail", equalTo("Date should not be before minimal date 2026-11-28"));
        as(b).body(Map.of("preferredDate", "2026-12-25", "preferredTime", "11:00"))
                .when().patch("/api/v1/registrations/" + b.id()).then().statusCode(400).body("errors[0].field", equalTo("preferredDate"));
        as(b).body(Map.of("preferredDate", target.dateText(), "preferredTime", "21:00"))
                .when().patch("/api/v1/registrations/" + b.id()).then().statusCode(400).body("errors[0].field", equalTo("preferredTime"));

        // Fill the target slot, then try it.
        client().body(registration(FACIAL, target, phone())).when().post("/api/v1/registrations").then().statusCode(201);
        client().body(registration(FACIAL, target, phone())).when().post("/api/v1/registrations").then().statusCode(201);
        as(b).body(Map.of("preferredDate", target.dateText(), "preferredTime", target.timeText()))
                .when().patch("/api/v1/registrations/" + b.id()).then().statusCode(409)
                .body("type", equalTo("https://api.clinic.hk/problems/slot-full"));

        Fixtures.Slot free = freshSlot();
        as(b).body(Map.of("preferredDate", free.dateText(), "preferredTime", free.timeText()))
                .when().patch("/api/v1/registrations/" + b.id()).then().statusCode(200)
                .body("status", equalTo("RESCHEDULED"))
                .body("preferredDate", equalTo(free.dateText()))
                .body("preferredTime", equalTo(free.timeText()));
        assertEquals(0, booked(FACIAL, b.slot()));
        assertEquals(1, booked(FACIAL, free));
        assertEquals(1, db.count("SELECT count(*) FROM outbox_event WHERE aggregate_id = ?::uuid AND type = ?", b.id(),
                "clinic.booking.registration.rescheduled.v1"));
    }

    @Test
    void cancellingFreesThePlaceAndEndsTheRegistration() {
        Booked b = book(TRIAL);
        as(b).when().delete("/api/v1/registrations/" + b.id()).then().statusCode(200).body("status", equalTo("CANCELLED"));
        assertEquals(0, booked(TRIAL, b.slot()));
        as(b).when().delete("/api/v1/registrations/" + b.id()).then().statusCode(409)
                .body("type", equalTo("https://api.clinic.hk/problems/registration-not-modifiable"));
        Fixtures.Slot free = freshSlot();
        as(b).body(Map.of("preferredDate", free.dateText(), "preferredTime", free.timeText()))
                .when().patch("/api/v1/registrations/" + b.id()).then().statusCode(409)
                .body("detail", equalTo("A registration with status CANCELLED cannot be rescheduled."));
        assertEquals(1, db.count("SELECT count(*) FROM outbox_event WHERE aggregate_id = ?::uuid AND type = ?", b.id(),
                "clinic.booking.registration.cancelled.v1"));
        // The free trial is no longer active: the same phone may register again.
        client().body(registration(TRIAL, freshSlot(), b.phone())).when().post("/api/v1/registrations").then().statusCode(201);
    }

    @Test
    void rescheduleBodiesAreValidated() {
        Booked b = book(FACIAL);
        as(b).body(Map.of("preferredDate", "tomorrow")).when().patch("/api/v1/registrations/" + b.id())
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("preferredDate"));
        as(b).body("{}").when().patch("/api/v1/registrations/" + b.id())
                .then().statusCode(400).contentType("application/problem+json");
    }

    private long booked(String treatment, Fixtures.Slot slot) {
        var rows = db.rows("SELECT booked FROM slot_booking WHERE treatment_code = ? AND branch_code = 'causeway-bay' "
                + "AND slot_date = ?::date AND slot_time = ?::time", treatment, slot.dateText(), slot.timeText());
        return rows.isEmpty() ? 0 : ((Number) rows.get(0).get("booked")).longValue();
    }
}
