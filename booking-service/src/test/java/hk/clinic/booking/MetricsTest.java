package hk.clinic.booking;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static hk.clinic.booking.Fixtures.FACIAL;
import static hk.clinic.booking.Fixtures.TRIAL;
import static hk.clinic.booking.Fixtures.client;
import static hk.clinic.booking.Fixtures.freshSlot;
import static hk.clinic.booking.Fixtures.phone;
import static hk.clinic.booking.Fixtures.registration;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/** Business metrics ops alert on: registrations by treatment and outcome, and the outbox lag. */
@QuarkusTest
class MetricsTest {

    @Test
    void registrationOutcomesAndOutboxLagAreExposedWithoutPersonalData() {
        String phone = phone();
        client().body(registration(TRIAL, freshSlot(), phone)).when().post("/api/v1/registrations").then().statusCode(201);
        client().body(registration(TRIAL, freshSlot(), phone)).when().post("/api/v1/registrations").then().statusCode(409);
        Fixtures.Slot slot = freshSlot();
        client().body(registration(FACIAL, slot, phone())).when().post("/api/v1/registrations").then().statusCode(201);
        client().body(registration(FACIAL, slot, phone())).when().post("/api/v1/registrations").then().statusCode(201);
        client().body(registration(FACIAL, slot, phone())).when().post("/api/v1/registrations").then().statusCode(409);
        Map<String, Object> bad = registration(freshSlot());
        bad.put("treatmentCode", "botox");
        client().body(bad).when().post("/api/v1/registrations").then().statusCode(400);

        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("clinic_registrations_total{outcome=\"created\",treatment=\"acne-treatment-trial\"}"))
                .body(containsString("clinic_registrations_total{outcome=\"duplicate_free_trial\",treatment=\"acne-treatment-trial\"}"))
                .body(containsString("clinic_registrations_total{outcome=\"slot_full\",treatment=\"vacuum-microdermabrasion-facial\"}"))
                .body(containsString("clinic_registrations_total{outcome=\"rejected\",treatment=\"unknown\"}"))
                .body(containsString("clinic_outbox_lag_events"))
                .body(not(containsString(Fixtures.e164(phone))))
                .body(not(containsString("botox")));
    }
}
