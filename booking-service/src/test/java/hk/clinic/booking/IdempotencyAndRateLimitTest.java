package hk.clinic.booking;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static hk.clinic.booking.Fixtures.FACIAL;
import static hk.clinic.booking.Fixtures.client;
import static hk.clinic.booking.Fixtures.freshSlot;
import static hk.clinic.booking.Fixtures.phone;
import static hk.clinic.booking.Fixtures.registration;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A retried POST books nothing new; too many POSTs from one address or for one phone get 429. */
@QuarkusTest
class IdempotencyAndRateLimitTest {

    @Inject
    Db db;

    @Test
    void aRetriedPostWithTheSameKeyGetsTheFirstAnswerAndCreatesNothing() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = registration(freshSlot());
        var first = client().header("Idempotency-Key", key).body(body).when().post("/api/v1/registrations")
                .then().statusCode(201).extract();
        var retry = client().header("Idempotency-Key", key).body(body).when().post("/api/v1/registrations")
                .then().statusCode(201).extract();

        assertEquals(first.header("Location"), retry.header("Location"));
        assertEquals(first.body().asString(), retry.body().asString());
        String id = first.path("id");
        String phone = Fixtures.e164((String) body.get("phone"));
        assertEquals(1, db.count("SELECT count(*) FROM registration WHERE phone = ?", phone));
        assertEquals(1, db.count("SELECT count(*) FROM outbox_event WHERE aggregate_id = ?::uuid", id));
        // The replayed token is the real one.
        given().header("X-Manage-Token", (String) retry.path("manageToken")).when().get("/api/v1/registrations/" + id)
                .then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void aKeyReusedForAnotherRequestIsRefused() {
        String key = UUID.randomUUID().toString();
        client().header("Idempotency-Key", key).body(registration(freshSlot())).when().post("/api/v1/registrations")
                .then().statusCode(201);
        Map<String, Object> other = registration(freshSlot());
        client().header("Idempotency-Key", key).body(other).when().post("/api/v1/registrations")
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://api.clinic.hk/problems/idempotency-key-reused"));
        assertEquals(0, db.count("SELECT count(*) FROM registration WHERE phone = ?", Fixtures.e164((String) other.get("phone"))));
    }

    @Test
    void simultaneousRetriesWithOneKeyBookOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = registration(freshSlot());
        var pool = java.util.concurrent.Executors.newFixedThreadPool(5);
        try {
            var latch = new java.util.concurrent.CountDownLatch(1);
            var answers = new java.util.ArrayList<java.util.concurrent.Future<String>>();
            for (int i = 0; i < 5; i++) {
                answers.add(pool.submit(() -> {
                    latch.await();
                    return client().header("Idempotency-Key", key).body(body).when().post("/api/v1/registrations")
                            .then().extract().statusCode() + "";
                }));
            }
            latch.countDown();
            for (var a : answers) {
                String status = a.get();
                org.junit.jupiter.api.Assertions.assertTrue(status.equals("201") || status.equals("409"), status);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, db.count("SELECT count(*) FROM registration WHERE phone = ?", Fixtures.e164((String) body.get("phone"))));
    }

    @Test
    void oneClientAddressIsLimited() {
        String address = "192.0.2." + (1 + new java.util.Random().nextInt(250));
        int limit = 30;
        for (int i = 0; i < limit; i++) {
            // Invalid requests count as well: the limit protects the service, not just the bookings.
            given().header("X-Forwarded-For", address).contentType(ContentType.JSON).body("{}")
                    .when().post("/api/v1/registrations").then().statusCode(400);
        }
        given().header("X-Forwarded-For", address).contentType(ContentType.JSON).body(registration(freshSlot()))
                .when().post("/api/v1/registrations").then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("https://api.clinic.hk/problems/rate-limited"));
        // Another address is not affected.
        client().body(registration(freshSlot())).when().post("/api/v1/registrations").then().statusCode(201);
    }

    @Test
    void onePhoneNumberIsLimited() {
        String phone = phone();
        for (int i = 0; i < 5; i++) {
            client().body(registration(FACIAL, freshSlot(), phone)).when().post("/api/v1/registrations").then().statusCode(201);
        }
        var limited = client().body(registration(FACIAL, freshSlot(), phone)).when().post("/api/v1/registrations")
                .then().statusCode(429).contentType("application/problem+json").extract();
        org.junit.jupiter.api.Assertions.assertTrue(Integer.parseInt(limited.header("Retry-After")) > 0);
        assertEquals(5, db.count("SELECT count(*) FROM registration WHERE phone = ?", Fixtures.e164(phone)));
    }
}
