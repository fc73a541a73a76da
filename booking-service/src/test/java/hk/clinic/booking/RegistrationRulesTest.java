package hk.clinic.booking;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static hk.clinic.booking.Fixtures.FACIAL;
import static hk.clinic.booking.Fixtures.TRIAL;
import static hk.clinic.booking.Fixtures.client;
import static hk.clinic.booking.Fixtures.e164;
import static hk.clinic.booking.Fixtures.freshSlot;
import static hk.clinic.booking.Fixtures.phone;
import static hk.clinic.booking.Fixtures.registration;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Every rule of POST /api/v1/registrations: the answer users see, and that a refusal stores nothing. */
@QuarkusTest
class RegistrationRulesTest {

    @Inject
    Db db;

    private static ValidatableResponse post(Object body) {
        return client().body(body).when().post("/api/v1/registrations").then();
    }

    /** Posts a request that must be refused with a field error, and checks nothing was stored for its phone. */
    private ValidatableResponse refused(Map<String, Object> body, int status, String field) {
        ValidatableResponse response = post(body).statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("instance", equalTo("/api/v1/registrations"))
                .body("errors.field", org.hamcrest.Matchers.hasItem(field));
        String phone = String.valueOf(body.get("phone"));
        hk.clinic.booking.domain.PhoneNumbers.toE164(phone).ifPresent(p -> {
            assertEquals(0, db.count("SELECT count(*) FROM registration WHERE phone = ?", p));
            assertEquals(0, db.count("SELECT count(*) FROM outbox_event WHERE payload -> 'data' -> 'contact' ->> 'phone' = ?", p));
        });
        return response;
    }

    @Test
    void aValidRegistrationIsCreatedWithLocationAndAOneTimeManageToken() throws Exception {
        Fixtures.Slot slot = freshSlot();
        String phone = phone();
        var created = post(registration(TRIAL, slot, phone)).statusCode(201)
                .header("Location", matchesPattern(".*/api/v1/registrations/[0-9a-f-]{36}$"))
                .body("id", notNullValue())
                .body("manageToken", matchesPattern("[A-Za-z0-9_-]{43}"))
                .body("status", equalTo("SUBMITTED"))
                .body("treatmentCode", equalTo(TRIAL))
                .body("branchCode", equalTo("causeway-bay"))
                .body("preferredDate", equalTo(slot.dateText()))
                .body("preferredTime", equalTo(slot.timeText()))
                .body("startsAt", equalTo(slot.dateText() + "T" + slot.timeText() + ":00+08:00"))
                .body("phone", equalTo(e164(phone)))
                .body("language", equalTo("zh-HK"))
                .body("consent.termsVersion", equalTo("2025-10"))
                .body("consent.channel", equalTo("web"))
                .extract();
        String id = created.path("id");
        String token = created.path("manageToken");
        assertEquals(true, created.header("Location").endsWith("/api/v1/registrations/" + id));

        var row = db.rows("SELECT * FROM registration WHERE id = ?::uuid", id).get(0);
        assertEquals(e164(phone), row.get("phone"));
        assertEquals("SUBMITTED", row.get("status"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8))),
                row.get("manage_token_hash"));
        assertEquals(0, db.count("SELECT count(*) FROM registration WHERE manage_token_hash = ?", token));
        var consent = db.rows("SELECT * FROM consent_record WHERE registration_id = ?::uuid", id).get(0);
        assertEquals("2025-10", consent.get("terms_version"));
        assertEquals("2025-10", consent.get("privacy_version"));
        assertEquals("web", consent.get("channel"));
        assertEquals(false, consent.get("marketing_opt_in"));
        assertNotEquals(null, consent.get("accepted_at"));
        assertEquals(1, db.count("SELECT count(*) FROM outbox_event WHERE aggregate_id = ?::uuid AND type = ?", id,
                "clinic.booking.registration.submitted.v1"));
    }

    @Test
    void theMinimalDateIsCountedInHongKong() {
        // The server's UTC date is 2026-11-26, so a UTC-based rule would accept the 27th.
        Map<String, Object> body = registration(freshSlot());
        body.put("preferredDate", "2026-11-27");
        refused(body, 400, "preferredDate")
                .body("type", equalTo("https://api.clinic.hk/problems/validation-failed"))
                .body("detail", equalTo("Date should not be before minimal date 2026-11-28"))
                .body("errors[0].message", equalTo("Date should not be before minimal date 2026-11-28"));

        Map<String, Object> onMinimal = registration(freshSlot());
        onMinimal.put("preferredDate", "2026-11-28");
        onMinimal.put("preferredTime", "19:00");
        post(onMinimal).statusCode(201).body("preferredDate", equalTo("2026-11-28"));
    }

    @Test
    void theMaximalDateIsTheTreatmentsHorizon() {
        Map<String, Object> body = registration(freshSlot());
        body.put("preferredDate", "2027-01-27");
        refused(body, 400, "preferredDate").body("detail", equalTo("Date should not be after maximal date 2027-01-26"));

        Map<String, Object> onMaximal = registration(freshSlot());
        onMaximal.put("preferredDate", "2027-01-26");
        onMaximal.put("preferredTime", "19:00");
        post(onMaximal).statusCode(201);
    }

    @Test
    void closedDaysAreRefused() {
        Map<String, Object> holiday = registration(freshSlot());
        holiday.put("preferredDate", "2026-12-25");
        refused(holiday, 400, "preferredDate").body("detail", equalTo("Branch causeway-bay is closed on 2026-12-25"));

        Map<String, Object> sunday = registration(freshSlot());
        sunday.put("branchCode", "central");
        sunday.put("preferredDate", "2026-12-06");
        refused(sunday, 400, "preferredDate").body("detail", equalTo("Branch central is closed on 2026-12-06"));
    }

    @Test
    void slotsOutsideOpeningHoursOrOffTheGridAreRefused() {
        for (String time : List.of("09:30", "21:00", "19:30", "10:15")) {
            Map<String, Object> body = registration(freshSlot());
            body.put("preferredTime", time);
            refused(body, 400, "preferredTime").body("detail", org.hamcrest.Matchers.startsWith("Time " + time + " is not a slot start"));
        }
    }

    @Test
    void aFullSlotIsAConflict() {
        Fixtures.Slot slot = freshSlot();
        post(registration(FACIAL, slot, phone())).statusCode(201);
        post(registration(FACIAL, slot, phone())).statusCode(201);
        Map<String, Object> third = registration(FACIAL, slot, phone());
        refused(third, 409, "preferredTime")
                .body("type", equalTo("https://api.clinic.hk/problems/slot-full"))
                .body("title", equalTo("Slot full"));
        assertEquals(2, db.count("SELECT count(*) FROM registration WHERE treatment_code = ? AND slot_date = ?::date AND slot_time = ?::time",
                FACIAL, slot.dateText(), slot.timeText()));
    }

    @Test
    void aPhoneHoldsOneActiveFreeTrialPerTreatment() {
        String phone = phone();
        post(registration(TRIAL, freshSlot(), phone)).statusCode(201);
        // Typed differently, the same number.
        Fixtures.Slot second = freshSlot();
        Map<String, Object> again = registration(TRIAL, second, e164(phone));
        post(again).statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://api.clinic.hk/problems/active-free-trial-exists"))
                .body("errors[0].field", equalTo("phone"));
        assertEquals(1, db.count("SELECT count(*) FROM registration WHERE phone = ?", e164(phone)));
        // The refused request took no place: its slot is still wholly free, for the next customer too.
        assertEquals(0, db.count("SELECT coalesce(sum(booked), 0) FROM slot_booking WHERE treatment_code = ? "
                + "AND slot_date = ?::date AND slot_time = ?::time", TRIAL, second.dateText(), second.timeText()));
        // Treatments that are not free trials may be booked more than once.
        post(registration(FACIAL, freshSlot(), phone)).statusCode(201);
        post(registration(FACIAL, freshSlot(), phone)).statusCode(201);
    }

    @Test
    void phonesAreValidatedAndStoredAsE164() {
        Map<String, Object> bad = registration(freshSlot());
        bad.put("phone", "12345");
        refused(bad, 400, "phone").body("errors[0].message",
                equalTo("Phone should be a valid phone number (Hong Kong numbers may omit +852)"));

        String phone = phone();
        Map<String, Object> local = registration(TRIAL, freshSlot(), phone.replace("+852 ", ""));
        post(local).statusCode(201).body("phone", equalTo(e164(phone)));
    }

    @Test
    void emailIsOptionalButMustBeValid() {
        Map<String, Object> bad = registration(freshSlot());
        bad.put("email", "chan@");
        refused(bad, 400, "email");
        Map<String, Object> none = registration(freshSlot());
        none.remove("email");
        post(none).statusCode(201).body("email", equalTo(null));
    }

    @Test
    void fullNamesAreLettersOfAnyScriptMarksSpacesAndNamePunctuation() {
        for (String name : List.of("陳大文", "O'Brien-Smith Jr.", "José Nuñez", "Nguyễn Văn A", "A")) {
            Map<String, Object> body = registration(freshSlot());
            body.put("fullName", name);
            post(body).statusCode(201).body("fullName", equalTo(name));
        }
        for (String name : List.of("", "   ", "Chan <script>", "R2-D2", "a".repeat(101), "...")) {
            Map<String, Object> body = registration(freshSlot());
            body.put("fullName", name);
            refused(body, 400, "fullName");
        }
        Map<String, Object> missing = registration(freshSlot());
        missing.remove("fullName");
        refused(missing, 400, "fullName");
    }

    @Test
    void requiredConsentMustBeGivenWithItsVersionsAndMarketingIsSeparate() {
        Map<String, Object> declined = registration(freshSlot());
        declined.put("consent", Map.of("termsVersion", "2025-10", "privacyVersion", "2025-10", "accepted", false));
        refused(declined, 400, "consent.accepted").body("errors[0].message", equalTo("Terms and privacy policy must be accepted"));

        Map<String, Object> noVersions = registration(freshSlot());
        noVersions.put("consent", Map.of("accepted", true));
        refused(noVersions, 400, "consent.termsVersion").body("errors.field",
                containsInAnyOrder("consent.termsVersion", "consent.privacyVersion"));

        Map<String, Object> missing = registration(freshSlot());
        missing.remove("consent");
        refused(missing, 400, "consent");

        Map<String, Object> optIn = registration(freshSlot());
        optIn.put("marketingOptIn", true);
        String id = post(optIn).statusCode(201).body("marketingOptIn", equalTo(true)).extract().path("id");
        assertEquals(true, db.rows("SELECT marketing_opt_in FROM consent_record WHERE registration_id = ?::uuid", id)
                .get(0).get("marketing_opt_in"));
    }

    @Test
    void unknownCodesAndLanguagesAreFieldErrors() {
        Map<String, Object> body = registration(freshSlot());
        body.put("treatmentCode", "botox");
        body.put("branchCode", "sha-tin");
        refused(body, 400, "treatmentCode").body("errors.field", containsInAnyOrder("treatmentCode", "branchCode"));

        Map<String, Object> language = registration(freshSlot());
        language.put("language", "fr");
        refused(language, 400, "language");
    }

    @Test
    void manyInvalidFieldsAreReportedTogether() {
        Map<String, Object> body = registration(freshSlot());
        body.put("phone", "12");
        body.put("email", "x");
        body.put("fullName", "<b>");
        body.put("consent", Map.of("termsVersion", "2025-10", "privacyVersion", "2025-10", "accepted", false));
        post(body).statusCode(400).body("errors", hasSize(4))
                .body("errors.field", containsInAnyOrder("phone", "email", "fullName", "consent.accepted"));
    }

    @Test
    void malformedBodiesAreProblemsNotErrors() {
        client().body("{\"treatmentCode\": ").when().post("/api/v1/registrations").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://api.clinic.hk/problems/malformed-request"))
                .body("detail", not(org.hamcrest.Matchers.containsString("Exception")));

        Map<String, Object> badDate = registration(freshSlot());
        badDate.put("preferredDate", "2026-02-30");
        refused(badDate, 400, "preferredDate");
        Map<String, Object> badTime = registration(freshSlot());
        badTime.put("preferredTime", "25:00");
        refused(badTime, 400, "preferredTime");
        Map<String, Object> badType = registration(freshSlot());
        badType.put("consent", "yes");
        refused(badType, 400, "consent");

        client().body("").when().post("/api/v1/registrations").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void onlyJsonIsAccepted() {
        client().contentType("text/plain").body("hello").when().post("/api/v1/registrations").then().statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo("https://api.clinic.hk/problems/unsupported-media-type"));
    }

    @Test
    void oversizedBodiesAreRefused() {
        Map<String, Object> body = registration(freshSlot());
        body.put("fullName", "A".repeat(64 * 1024));
        post(body).statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("https://api.clinic.hk/problems/payload-too-large"));
    }

    @Test
    void unknownRoutesAndMethodsAreProblems() {
        client().when().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json")
                .body("type", endsWith("/not-found"));
        client().when().put("/api/v1/registrations").then().statusCode(405).contentType("application/problem+json");
    }
}
