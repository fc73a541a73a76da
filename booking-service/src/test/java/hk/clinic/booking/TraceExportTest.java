package hk.clinic.booking;

import hk.clinic.infra.testing.OtlpCollector;
import hk.clinic.infra.testing.OtlpCollector.ExportedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static hk.clinic.booking.Fixtures.TRIAL;
import static hk.clinic.booking.Fixtures.client;
import static hk.clinic.booking.Fixtures.freshSlot;
import static hk.clinic.booking.Fixtures.phone;
import static hk.clinic.booking.Fixtures.registration;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With export on, as ops turn it on, a registration's spans reach the collector in the caller's trace: the request's
 * server span is the caller's child, and the outbox relay's producer span, sent later from another thread, is the
 * request's child, the span the outbox row names.
 */
@QuarkusTest
@TestProfile(TraceExportTest.ExportOn.class)
class TraceExportTest {

    /** Span export on, as ops turn it on, to a collector of this test's own. */
    public static class ExportOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return OtlpCollector.EXPORT_ON;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OtlpCollector.class));
        }
    }

    @Inject
    Db db;

    @ConfigProperty(name = OtlpCollector.PORT)
    int collectorPort;

    @Test
    void aRegistrationsRequestAndItsEventReachTheCollectorInTheCallersTrace() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String callerSpan = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String id = client().header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .body(registration(TRIAL, freshSlot(), phone())).when().post("/api/v1/registrations")
                .then().statusCode(201).extract().path("id");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> span(traceId, SpanKind.SPAN_KIND_SERVER).isPresent() && span(traceId, SpanKind.SPAN_KIND_PRODUCER).isPresent());

        ExportedSpan request = span(traceId, SpanKind.SPAN_KIND_SERVER).orElseThrow();
        assertEquals("booking-service", request.service());
        assertEquals(callerSpan, request.parentSpanId(), "the request continues the caller's span");
        assertTrue(request.name().contains("/api/v1/registrations"), request.toString());
        assertEquals("201", request.attributes().get("http.response.status_code"), request.toString());
        String stored = db.rows("SELECT trace_parent FROM outbox_event WHERE aggregate_id = ?::uuid", id).get(0)
                .get("trace_parent").toString();
        assertEquals(request.spanId(), stored.split("-")[2], "the outbox row names the exported request span");

        ExportedSpan producer = span(traceId, SpanKind.SPAN_KIND_PRODUCER).orElseThrow();
        assertEquals("booking-service", producer.service());
        assertEquals(request.spanId(), producer.parentSpanId(), "the relay's send is the request's child: " + producer);
        assertEquals("booking.registrations", producer.attributes().get("messaging.destination.name"), producer.toString());
    }

    private Optional<ExportedSpan> span(String traceId, SpanKind kind) {
        return OtlpCollector.trace(collectorPort, traceId).stream().filter(s -> s.kind() == kind).findFirst();
    }
}
