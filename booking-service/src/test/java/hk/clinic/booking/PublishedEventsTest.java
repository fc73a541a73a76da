package hk.clinic.booking;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static hk.clinic.booking.Fixtures.FACIAL;
import static hk.clinic.booking.Fixtures.TRIAL;
import static hk.clinic.booking.Fixtures.client;
import static hk.clinic.booking.Fixtures.e164;
import static hk.clinic.booking.Fixtures.freshSlot;
import static hk.clinic.booking.Fixtures.phone;
import static hk.clinic.booking.Fixtures.registration;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the service really publishes on booking.registrations: every record on the topic matches the committed
 * schemas, is keyed by its registration, and one registration's events arrive in the order they happened.
 */
@QuarkusTest
class PublishedEventsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Db db;

    @Test
    void everyLifecycleChangeIsPublishedInOrderAndMatchesTheContract() {
        Fixtures.Slot first = freshSlot();
        Fixtures.Slot moved = freshSlot();
        String phone = phone();
        var a = client().body(registration(TRIAL, first, phone)).when().post("/api/v1/registrations").then().statusCode(201).extract();
        String aId = a.path("id");
        String aToken = a.path("manageToken");
        given().header("X-Manage-Token", aToken).contentType(ContentType.JSON)
                .body(Map.of("preferredDate", moved.dateText(), "preferredTime", moved.timeText()))
                .when().patch("/api/v1/registrations/" + aId).then().statusCode(200);
        given().header("X-Manage-Token", aToken).when().delete("/api/v1/registrations/" + aId).then().statusCode(200);

        String staff = Jwt.upn("nurse@clinic.hk").groups("staff").sign();
        String bId = client().body(registration(FACIAL, freshSlot(), phone())).when().post("/api/v1/registrations")
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(staff).contentType(ContentType.JSON)
                .body(Map.of("status", "ATTENDED", "treatedAt", "2026-12-01T14:40:00+08:00"))
                .when().post("/api/v1/staff/registrations/" + bId + "/attendance").then().statusCode(200);
        String cId = client().body(registration(FACIAL, freshSlot(), phone())).when().post("/api/v1/registrations")
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(staff).contentType(ContentType.JSON).body(Map.of("status", "NO_SHOW"))
                .when().post("/api/v1/staff/registrations/" + cId + "/attendance").then().statusCode(200);
        String erasedPhone = phone();
        String dId = client().body(registration(FACIAL, freshSlot(), erasedPhone)).when().post("/api/v1/registrations")
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(staff).contentType(ContentType.JSON).body(Map.of("phone", erasedPhone))
                .when().post("/api/v1/staff/personal-data/erasure").then().statusCode(200);

        List<ConsumerRecord<String, String>> records = consumeUntil(Set.of(aId, bId, cId, dId), 3 + 2 + 2 + 2);

        for (ConsumerRecord<String, String> r : records) {
            Set<String> violations = EventContract.violations(r.value());
            assertTrue(violations.isEmpty(), "event " + r.value() + " breaks the contract: " + violations);
            JsonNode event = json(r.value());
            assertEquals(event.path("subject").asText(), r.key(), "the key is the registration id");
            assertTrue(r.value().startsWith("{\"specversion\":\"1.0\",\"id\":"), "envelope first: " + r.value());
            assertEquals("application/cloudevents+json; charset=UTF-8",
                    new String(r.headers().lastHeader("content-type").value(), java.nio.charset.StandardCharsets.UTF_8));
            if (event.path("data").has("registrationId")) {
                assertEquals(r.key(), event.path("data").path("registrationId").asText());
            }
        }
        List<JsonNode> aEvents = eventsOf(records, aId);
        assertEquals(List.of("clinic.booking.registration.submitted.v1", "clinic.booking.registration.rescheduled.v1",
                "clinic.booking.registration.cancelled.v1"), aEvents.stream().map(e -> e.path("type").asText()).toList());
        JsonNode submitted = aEvents.get(0);
        assertEquals("booking-service", submitted.path("source").asText());
        assertEquals(e164(phone), submitted.at("/data/contact/phone").asText());
        assertEquals("Chan Tai Man", submitted.at("/data/contact/fullName").asText());
        assertEquals("chan@example.com", submitted.at("/data/contact/email").asText());
        assertEquals("zh-HK", submitted.at("/data/contact/language").asText());
        assertEquals("https://www.clinic.hk/registrations/" + aId, submitted.at("/data/manageUrl").asText());
        assertEquals("暗瘡治療（免費體驗）", submitted.at("/data/treatment/name/zh-HK").asText());
        assertEquals("+85223456789", submitted.at("/data/branch/phone").asText());
        assertEquals(first.dateText(), submitted.at("/data/appointment/date").asText());
        assertEquals(first.dateText() + "T" + first.timeText() + ":00+08:00", submitted.at("/data/appointment/startsAt").asText());
        assertEquals("2026-11-26T16:30:00Z", submitted.path("time").asText());
        JsonNode rescheduled = aEvents.get(1);
        assertEquals(moved.timeText(), rescheduled.at("/data/appointment/time").asText());
        assertEquals(first.timeText(), rescheduled.at("/data/previousAppointment/time").asText());
        assertEquals("CUSTOMER", aEvents.get(2).at("/data/cancelledBy").asText());

        assertEquals("2026-12-01T14:40:00+08:00", eventsOf(records, bId).get(1).at("/data/treatedAt").asText());
        assertEquals("clinic.booking.registration.no-show.v1", eventsOf(records, cId).get(1).path("type").asText());
        JsonNode erased = eventsOf(records, dId).get(1);
        assertEquals("clinic.booking.registration.erased.v1", erased.path("type").asText());
        assertFalse(erased.path("data").has("contact"));

        // Published rows are marked, so a relay round never sends them again.
        assertEquals(0, db.count("SELECT count(*) FROM outbox_event WHERE published_at IS NULL AND aggregate_id IN "
                + "(?::uuid, ?::uuid, ?::uuid)", aId, bId, cId));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("clinic_outbox_lag_events"))
                .body(org.hamcrest.Matchers.containsString("clinic_registrations_total{outcome=\"created\",treatment=\"acne-treatment-trial\"}"));
    }

    /**
     * A registration's event continues the trace of the request that booked it (W3C traceparent): booking's span
     * for the request is the caller's child, the outbox row keeps it, and the record's header names the producer
     * span, a child of that one, however late the relay sends it. A request without a trace starts its own.
     */
    @Test
    void anEventContinuesTheTraceOfTheRequestThatCausedIt() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String callerSpan = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String traced = client().header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .body(registration(TRIAL, freshSlot(), phone())).when().post("/api/v1/registrations")
                .then().statusCode(201).extract().path("id");
        String untraced = client().body(registration(TRIAL, freshSlot(), phone())).when().post("/api/v1/registrations")
                .then().statusCode(201).extract().path("id");

        List<ConsumerRecord<String, String>> records = consumeUntil(Set.of(traced, untraced), 2);

        String[] request = storedTraceParent(traced);
        assertEquals(traceId, request[1], "the request continued the caller's trace");
        assertNotEquals(callerSpan, request[2], "the row names booking's span, not the caller's");
        String[] producer = publishedTraceParent(records, traced);
        assertEquals(traceId, producer[1], "the record continues the same trace");
        assertNotEquals(request[2], producer[2], "the record names the producer span, a child of the request's");

        String[] own = storedTraceParent(untraced);
        assertNotEquals(traceId, own[1]);
        assertEquals(own[1], publishedTraceParent(records, untraced)[1], "an untraced request's own trace is carried too");
    }

    private String[] storedTraceParent(String registrationId) {
        Object value = db.rows("SELECT trace_parent FROM outbox_event WHERE aggregate_id = ?::uuid", registrationId)
                .get(0).get("trace_parent");
        assertNotNull(value, "the outbox row of " + registrationId + " keeps its trace context");
        assertTrue(value.toString().matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}"), value.toString());
        return value.toString().split("-");
    }

    private static String[] publishedTraceParent(List<ConsumerRecord<String, String>> records, String key) {
        ConsumerRecord<String, String> record = records.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
        var header = record.headers().lastHeader("traceparent");
        assertNotNull(header, "the record of " + key + " carries a traceparent header");
        String value = new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(value.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}"), value);
        return value.split("-");
    }

    private List<ConsumerRecord<String, String>> consumeUntil(Set<String> keys, int expected) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers,
                "group.id", "contract-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("booking.registrations"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().filter(r -> keys.contains(r.key())).count() >= expected;
            });
        }
        return seen;
    }

    private static List<JsonNode> eventsOf(List<ConsumerRecord<String, String>> records, String key) {
        return records.stream().filter(r -> key.equals(r.key())).map(r -> json(r.value())).toList();
    }

    private static JsonNode json(String value) {
        try {
            return EventContract.JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
