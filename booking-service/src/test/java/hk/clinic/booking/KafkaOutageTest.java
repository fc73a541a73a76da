package hk.clinic.booking;

import hk.clinic.infra.KafkaBroker;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static hk.clinic.booking.Fixtures.client;
import static hk.clinic.booking.Fixtures.freshSlot;
import static hk.clinic.booking.Fixtures.registration;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay publishes to a broker of this test's own that is not running when the service starts: people can
 * still register, the events wait in the outbox, and they arrive once the broker is up.
 */
@QuarkusTest
@TestProfile(KafkaOutageTest.BrokerDown.class)
class KafkaOutageTest {

    private static final String PORTS = "hk.clinic.booking.test.outage-kafka-ports";

    /** Points the service's producer at two free ports on which nothing listens yet. */
    public static class BrokerDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String ports;
            synchronized (System.getProperties()) {
                ports = System.getProperty(PORTS);
                if (ports == null) {
                    ports = freePort() + "," + freePort();
                    System.setProperty(PORTS, ports);
                }
            }
            return Map.of("mp.messaging.outgoing.registration-events.bootstrap.servers",
                    "127.0.0.1:" + ports.split(",")[0]);
        }
    }

    private static KafkaBroker broker;

    @Inject
    Db db;

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void registrationsSucceedWhileKafkaIsDownAndTheirEventsFollowWhenItIsBack() {
        String id = client().body(registration(freshSlot())).when().post("/api/v1/registrations")
                .then().statusCode(201).extract().path("id");
        assertEquals(1, db.count("SELECT count(*) FROM outbox_event WHERE aggregate_id = ?::uuid AND published_at IS NULL", id));
        // The relay tried, got no acknowledgement, and reports the waiting events in readiness.
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonPath ready = given().when().get("/q/health/ready").then().extract().jsonPath();
            Integer waiting = ready.get("checks.find { it.name == 'Outbox relay' }.data.unpublishedEvents");
            return waiting != null && waiting >= 1;
        });
        assertEquals(1, db.count("SELECT count(*) FROM outbox_event WHERE aggregate_id = ?::uuid AND published_at IS NULL", id));

        String[] ports = System.getProperty(PORTS).split(",");
        broker = KafkaBroker.start(Path.of("target", "outage-kafka-" + UUID.randomUUID()).toAbsolutePath(),
                Integer.parseInt(ports[0]), Integer.parseInt(ports[1]));

        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers(),
                "group.id", "outage-" + id, "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("booking.registrations"));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().anyMatch(r -> id.equals(r.key()));
            });
        }
        ConsumerRecord<String, String> event = seen.stream().filter(r -> id.equals(r.key())).findFirst().orElseThrow();
        assertTrue(EventContract.violations(event.value()).isEmpty(), event.value());
        assertTrue(event.value().contains("clinic.booking.registration.submitted.v1"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                db.count("SELECT count(*) FROM outbox_event WHERE aggregate_id = ?::uuid AND published_at IS NOT NULL", id) == 1);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
