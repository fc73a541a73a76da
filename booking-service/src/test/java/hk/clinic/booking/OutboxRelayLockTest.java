package hk.clinic.booking;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import static hk.clinic.booking.Fixtures.client;
import static hk.clinic.booking.Fixtures.freshSlot;
import static hk.clinic.booking.Fixtures.registration;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Only one relay publishes at a time: while another holder (here: this test, standing in for a second
 * replica) owns the relay's advisory lock, nothing is published; once it lets go, the events go out.
 */
@QuarkusTest
class OutboxRelayLockTest {

    private static final long RELAY_LOCK = 0x626f6f6b696e67L;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Db db;

    @Inject
    hk.clinic.booking.messaging.OutboxRelay relay;

    @Test
    void aSecondReplicaHoldingTheLockKeepsThisOneFromPublishing() throws Exception {
        String id;
        try (Connection other = dataSource.getConnection(); Statement s = other.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + RELAY_LOCK + ")");
            try {
                id = client().body(registration(freshSlot())).when().post("/api/v1/registrations")
                        .then().statusCode(201).extract().path("id");
                // Rounds run (nudge and poll) but cannot take the lock.
                assertEquals(0, relay.drain());
                assertEquals(1, db.count("SELECT count(*) FROM outbox_event WHERE aggregate_id = ?::uuid AND published_at IS NULL", id));
            } finally {
                s.execute("SELECT pg_advisory_unlock(" + RELAY_LOCK + ")");
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                db.count("SELECT count(*) FROM outbox_event WHERE aggregate_id = ?::uuid AND published_at IS NOT NULL", id) == 1);
    }
}
