package hk.clinic.booking;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static hk.clinic.booking.Fixtures.FACIAL;
import static hk.clinic.booking.Fixtures.TRIAL;
import static hk.clinic.booking.Fixtures.client;
import static hk.clinic.booking.Fixtures.freshSlot;
import static hk.clinic.booking.Fixtures.phone;
import static hk.clinic.booking.Fixtures.registration;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Capacity holds when many people press "register" for the last place at the same moment. */
@QuarkusTest
class LastPlaceConcurrencyTest {

    private static final int CONTENDERS = 16;

    @Inject
    Db db;

    @Test
    void manySimultaneousRequestsForTheLastPlaceGiveExactlyOneRegistration() throws Exception {
        Fixtures.Slot slot = freshSlot();
        // Two places, one taken: one is left.
        client().body(registration(FACIAL, slot, phone())).when().post("/api/v1/registrations").then().statusCode(201);

        List<Integer> statuses = race(CONTENDERS, () -> registration(FACIAL, slot, phone()));

        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), "statuses: " + statuses);
        assertEquals(CONTENDERS - 1, statuses.stream().filter(s -> s == 409).count(), "statuses: " + statuses);
        assertEquals(2, db.count("SELECT count(*) FROM registration WHERE treatment_code = ? AND slot_date = ?::date "
                + "AND slot_time = ?::time", FACIAL, slot.dateText(), slot.timeText()));
        assertEquals(2, db.count("SELECT booked FROM slot_booking WHERE treatment_code = ? AND branch_code = 'causeway-bay' "
                + "AND slot_date = ?::date AND slot_time = ?::time", FACIAL, slot.dateText(), slot.timeText()));
    }

    @Test
    void simultaneousFreeTrialsForOnePhoneGiveExactlyOneRegistration() throws Exception {
        String phone = phone();
        // Five: the per-phone rate limit of the test configuration.
        List<Integer> statuses = race(5, () -> registration(TRIAL, freshSlot(), phone));
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), "statuses: " + statuses);
        assertEquals(4, statuses.stream().filter(s -> s == 409).count(), "statuses: " + statuses);
        assertEquals(1, db.count("SELECT count(*) FROM registration WHERE phone = ?", Fixtures.e164(phone)));
    }

    @Test
    void simultaneousCancellationsFreeThePlaceOnce() throws Exception {
        Fixtures.Slot slot = freshSlot();
        client().body(registration(FACIAL, slot, phone())).when().post("/api/v1/registrations").then().statusCode(201);
        var booked = client().body(registration(FACIAL, slot, phone())).when().post("/api/v1/registrations")
                .then().statusCode(201).extract();
        String id = booked.path("id");
        String token = booked.path("manageToken");
        List<Integer> statuses = raceCalls(6, () -> io.restassured.RestAssured.given().header("X-Manage-Token", token)
                .when().delete("/api/v1/registrations/" + id).then().extract().statusCode());
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), "statuses: " + statuses);
        assertEquals(5, statuses.stream().filter(s -> s == 409).count(), "statuses: " + statuses);
        assertEquals(1, db.count("SELECT booked FROM slot_booking WHERE treatment_code = ? AND branch_code = 'causeway-bay' "
                + "AND slot_date = ?::date AND slot_time = ?::time", FACIAL, slot.dateText(), slot.timeText()));
        assertEquals(1, db.count("SELECT count(*) FROM outbox_event WHERE aggregate_id = ?::uuid AND type = ?", id,
                "clinic.booking.registration.cancelled.v1"));
    }

    private static List<Integer> raceCalls(int n, java.util.concurrent.Callable<Integer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Integer> race(int n, java.util.function.Supplier<Object> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Object request = body.get();
                answers.add(pool.submit(() -> {
                    start.await();
                    return client().body(request).when().post("/api/v1/registrations").then().extract().statusCode();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }
}
