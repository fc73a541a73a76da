package hk.clinic.booking;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static hk.clinic.booking.Fixtures.FACIAL;
import static hk.clinic.booking.Fixtures.TRIAL;
import static hk.clinic.booking.Fixtures.client;
import static hk.clinic.booking.Fixtures.e164;
import static hk.clinic.booking.Fixtures.freshSlot;
import static hk.clinic.booking.Fixtures.phone;
import static hk.clinic.booking.Fixtures.registration;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Staff endpoints: only for the staff group, and what they do to registrations, rows and events. */
@QuarkusTest
class StaffTest {

    @Inject
    Db db;

    private static RequestSpecification staff() {
        return given().auth().oauth2(Jwt.upn("nurse@clinic.hk").groups("staff").sign()).contentType(ContentType.JSON);
    }

    private static Map<String, Object> book(String treatment, String branch, Fixtures.Slot slot, String phone) {
        Map<String, Object> body = registration(treatment, slot, phone);
        body.put("branchCode", branch);
        var r = client().body(body).when().post("/api/v1/registrations").then().statusCode(201).extract();
        Map<String, Object> booked = new HashMap<>();
        booked.put("id", r.path("id"));
        booked.put("token", r.path("manageToken"));
        return booked;
    }

    @Test
    void staffEndpointsNeedATokenWithTheStaffGroup() {
        String id = UUID.randomUUID().toString();
        List<Runnable> calls = List.of();
        for (var spec : List.of(given().contentType(ContentType.JSON),
                given().auth().oauth2("not-a-jwt").contentType(ContentType.JSON))) {
            spec.when().get("/api/v1/staff/registrations").then().statusCode(401)
                    .contentType("application/problem+json").body("type", equalTo("https://api.clinic.hk/problems/unauthorized"));
        }
        given().contentType(ContentType.JSON).body(Map.of("status", "NO_SHOW"))
                .when().post("/api/v1/staff/registrations/" + id + "/attendance").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("phone", phone()))
                .when().post("/api/v1/staff/personal-data/export").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("phone", phone()))
                .when().post("/api/v1/staff/personal-data/erasure").then().statusCode(401);

        var customer = given().auth().oauth2(Jwt.upn("someone@example.com").groups("customer").sign()).contentType(ContentType.JSON);
        customer.when().get("/api/v1/staff/registrations").then().statusCode(403)
                .contentType("application/problem+json").body("type", equalTo("https://api.clinic.hk/problems/forbidden"));
        customer.body(Map.of("phone", phone())).when().post("/api/v1/staff/personal-data/erasure").then().statusCode(403);
        assertEquals(0, calls.size());
    }

    @Test
    void theListFiltersByDateBranchTreatmentAndStatusAndPages() {
        Fixtures.Slot a = new Fixtures.Slot(java.time.LocalDate.of(2027, 1, 20), java.time.LocalTime.of(10, 0));
        Fixtures.Slot b = new Fixtures.Slot(a.date(), java.time.LocalTime.of(11, 0));
        Fixtures.Slot c = new Fixtures.Slot(a.date(), java.time.LocalTime.of(12, 0));
        book(FACIAL, "mong-kok", a, phone());
        book(FACIAL, "mong-kok", b, phone());
        var cancelled = book(TRIAL, "mong-kok", c, phone());
        given().header("X-Manage-Token", (String) cancelled.get("token")).when()
                .delete("/api/v1/registrations/" + cancelled.get("id")).then().statusCode(200);

        staff().queryParam("date", "2027-01-20").queryParam("branch", "mong-kok")
                .when().get("/api/v1/staff/registrations").then().statusCode(200)
                .body("total", equalTo(3)).body("page", equalTo(0)).body("size", equalTo(20))
                .body("items.preferredTime", contains("10:00", "11:00", "12:00"))
                .body("items[0].fullName", equalTo("Chan Tai Man"));
        staff().queryParam("date", "2027-01-20").queryParam("branch", "mong-kok").queryParam("size", 2).queryParam("page", 1)
                .when().get("/api/v1/staff/registrations").then().statusCode(200)
                .body("total", equalTo(3)).body("items", hasSize(1)).body("page", equalTo(1));
        staff().queryParam("date", "2027-01-20").queryParam("branch", "mong-kok").queryParam("treatment", FACIAL)
                .when().get("/api/v1/staff/registrations").then().body("total", equalTo(2))
                .body("items.treatmentCode", everyItem(equalTo(FACIAL)));
        staff().queryParam("date", "2027-01-20").queryParam("branch", "mong-kok").queryParam("status", "CANCELLED")
                .when().get("/api/v1/staff/registrations").then().body("total", equalTo(1))
                .body("items[0].id", equalTo(cancelled.get("id")));
        staff().queryParam("status", "LOST").when().get("/api/v1/staff/registrations").then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
        staff().queryParam("date", "20-01-2027").when().get("/api/v1/staff/registrations").then().statusCode(400)
                .body("errors[0].field", equalTo("date"));
    }

    @Test
    void attendanceIsRecordedOnceWithTheTreatmentTime() {
        var booked = book(TRIAL, "causeway-bay", freshSlot(), phone());
        String id = (String) booked.get("id");
        staff().body(Map.of("status", "ATTENDED")).when().post("/api/v1/staff/registrations/" + id + "/attendance")
                .then().statusCode(400).body("errors[0].field", equalTo("treatedAt"));
        staff().body(Map.of("status", "DONE")).when().post("/api/v1/staff/registrations/" + id + "/attendance")
                .then().statusCode(400).body("errors[0].field", equalTo("status"));
        staff().body(Map.of("status", "ATTENDED", "treatedAt", "2026-12-01T06:40:00Z"))
                .when().post("/api/v1/staff/registrations/" + id + "/attendance").then().statusCode(200)
                .body("status", equalTo("ATTENDED"))
                .body("treatedAt", equalTo("2026-12-01T14:40:00+08:00"));
        staff().body(Map.of("status", "NO_SHOW")).when().post("/api/v1/staff/registrations/" + id + "/attendance")
                .then().statusCode(409).body("type", equalTo("https://api.clinic.hk/problems/registration-not-modifiable"));
        assertEquals(1, db.count("SELECT count(*) FROM outbox_event WHERE aggregate_id = ?::uuid AND type = ?", id,
                "clinic.booking.registration.attended.v1"));

        String other = (String) book(FACIAL, "causeway-bay", freshSlot(), phone()).get("id");
        staff().body(Map.of("status", "NO_SHOW")).when().post("/api/v1/staff/registrations/" + other + "/attendance")
                .then().statusCode(200).body("status", equalTo("NO_SHOW"));
        assertEquals(1, db.count("SELECT count(*) FROM outbox_event WHERE aggregate_id = ?::uuid AND type = ?", other,
                "clinic.booking.registration.no-show.v1"));
        staff().body(Map.of("status", "NO_SHOW")).when().post("/api/v1/staff/registrations/" + UUID.randomUUID() + "/attendance")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void staffCanCancelForTheClinic() {
        Fixtures.Slot slot = freshSlot();
        String id = (String) book(TRIAL, "causeway-bay", slot, phone()).get("id");
        given().when().delete("/api/v1/staff/registrations/" + id).then().statusCode(401);
        staff().when().delete("/api/v1/staff/registrations/" + id).then().statusCode(200).body("status", equalTo("CANCELLED"));
        staff().when().delete("/api/v1/staff/registrations/" + id).then().statusCode(409);
        assertEquals(0, db.count("SELECT booked FROM slot_booking WHERE treatment_code = ? AND branch_code = 'causeway-bay' "
                + "AND slot_date = ?::date AND slot_time = ?::time", TRIAL, slot.dateText(), slot.timeText()));
        assertEquals(1, db.count("SELECT count(*) FROM outbox_event WHERE aggregate_id = ?::uuid "
                + "AND payload -> 'data' ->> 'cancelledBy' = 'STAFF'", id));
    }

    @Test
    void exportShowsEverythingHeldAboutAPhoneNumber() {
        String phone = phone();
        String first = (String) book(TRIAL, "causeway-bay", freshSlot(), phone).get("id");
        String second = (String) book(FACIAL, "central", freshSlot(), phone.replace("+852 ", "")).get("id");
        staff().body(Map.of("phone", phone.replace(" ", ""))).when().post("/api/v1/staff/personal-data/export")
                .then().statusCode(200)
                .body("phone", equalTo(e164(phone)))
                .body("registrations.registration.id", containsInAnyOrder(first, second))
                .body("registrations[0].registration.fullName", equalTo("Chan Tai Man"))
                .body("registrations[0].registration.email", equalTo("chan@example.com"))
                .body("registrations[0].consents[0].termsVersion", equalTo("2025-10"))
                .body("registrations[0].consents[0].channel", equalTo("web"))
                .body("registrations[0].sourceCampaign", equalTo("milia-guide"));
        staff().body(Map.of("phone", "123")).when().post("/api/v1/staff/personal-data/export")
                .then().statusCode(400).body("errors[0].field", equalTo("phone"));
    }

    @Test
    void erasureRemovesPersonalDataFreesPlacesAndAnnouncesIt() {
        String phone = phone();
        Fixtures.Slot slot = freshSlot();
        var booked = book(TRIAL, "causeway-bay", slot, phone);
        String id = (String) booked.get("id");
        String attended = (String) book(FACIAL, "causeway-bay", freshSlot(), phone).get("id");
        staff().body(Map.of("status", "ATTENDED", "treatedAt", "2026-12-01T14:40:00+08:00"))
                .when().post("/api/v1/staff/registrations/" + attended + "/attendance").then().statusCode(200);

        staff().body(Map.of("phone", phone)).when().post("/api/v1/staff/personal-data/erasure").then().statusCode(200)
                .body("erased", equalTo(2)).body("registrationIds", containsInAnyOrder(id, attended));

        for (String erased : List.of(id, attended)) {
            var row = db.rows("SELECT full_name, phone, email, status FROM registration WHERE id = ?::uuid", erased).get(0);
            assertNull(row.get("full_name"));
            assertNull(row.get("phone"));
            assertNull(row.get("email"));
            assertEquals("ERASED", row.get("status"));
            assertEquals(1, db.count("SELECT count(*) FROM outbox_event WHERE aggregate_id = ?::uuid AND type = ?", erased,
                    "clinic.booking.registration.erased.v1"));
        }
        assertEquals(0, db.count("SELECT count(*) FROM registration WHERE phone = ?", e164(phone)));
        assertEquals(0, db.count("SELECT booked FROM slot_booking WHERE treatment_code = ? AND branch_code = 'causeway-bay' "
                + "AND slot_date = ?::date AND slot_time = ?::time", TRIAL, slot.dateText(), slot.timeText()));
        staff().body(Map.of("phone", phone)).when().post("/api/v1/staff/personal-data/export").then().statusCode(200)
                .body("registrations", hasSize(0));
        given().header("X-Manage-Token", (String) booked.get("token")).when().get("/api/v1/registrations/" + id)
                .then().statusCode(404);
    }
}
