package hk.clinic.notification;

import hk.clinic.infra.testing.OtlpCollector;
import hk.clinic.notification.domain.Channel;
import hk.clinic.notification.domain.NotificationType;
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

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * With export on, as ops turn it on, the spans of a registration's confirmations reach the collector in booking's
 * trace: the consumer's span is the child of booking's producer span (the record's traceparent), and both sends,
 * the WhatsApp call and the SMTP exchange, are children of the consumer's span.
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

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    TestSupport support;

    @ConfigProperty(name = OtlpCollector.PORT)
    int collectorPort;

    @Test
    void theConfirmationsSpansReachTheCollectorInBookingsTrace() {
        support.daytime();
        UUID registration = UUID.randomUUID();
        TestSupport.Person person = support.person("en");
        TestSupport.PublishedTrace published = support.publishSubmittedInNewTrace(registration, person);
        String traceId = published.traceId();

        // Both sends ended (their spans are exported when they end).
        await().atMost(WAIT).until(() -> smtpSpan(traceId).isPresent() && whatsAppSpan(traceId).isPresent());
        List<ExportedSpan> trace = OtlpCollector.trace(collectorPort, traceId);
        trace.forEach(s -> assertEquals("notification-service", s.service(), s.toString()));

        ExportedSpan consumer = trace.stream().filter(s -> s.kind() == SpanKind.SPAN_KIND_CONSUMER).findFirst()
                .orElseThrow(() -> new AssertionError("no consumer span in " + trace));
        assertEquals(published.producerSpan(), consumer.parentSpanId(), "the consumer continues booking's producer span");
        assertEquals("booking.registrations", consumer.attributes().get("messaging.destination.name"), consumer.toString());

        ExportedSpan smtp = smtpSpan(traceId).orElseThrow();
        assertEquals(SpanKind.SPAN_KIND_CLIENT, smtp.kind());
        assertEquals(consumer.spanId(), smtp.parentSpanId(), "the e-mail is sent in the consumer's trace: " + smtp);
        assertFalse(smtp.error(), smtp.toString());
        assertEquals("CONFIRMATION", smtp.attributes().get("clinic.notification.type"));
        String emailId = support.notification(registration, NotificationType.CONFIRMATION, Channel.EMAIL).orElseThrow().id.toString();
        assertEquals(emailId, smtp.attributes().get("clinic.notification.id"));
        assertFalse(support.mailTo(person.email()).isEmpty(), "the e-mail reached the SMTP server");

        ExportedSpan whatsApp = whatsAppSpan(traceId).orElseThrow();
        assertEquals(consumer.spanId(), whatsApp.parentSpanId(), "the WhatsApp call is sent in the consumer's trace: " + whatsApp);
        assertEquals("200", whatsApp.attributes().get("http.response.status_code"), whatsApp.toString());
        assertEquals(whatsApp.spanId(), support.whatsAppRequestsTo(person).get(0).getHeader("traceparent").split("-")[2],
                "the request to the provider names the exported span");
    }

    private Optional<ExportedSpan> smtpSpan(String traceId) {
        return OtlpCollector.span(collectorPort, traceId, "smtp send");
    }

    private Optional<ExportedSpan> whatsAppSpan(String traceId) {
        return OtlpCollector.trace(collectorPort, traceId).stream()
                .filter(s -> s.kind() == SpanKind.SPAN_KIND_CLIENT
                        && s.attributes().getOrDefault("url.full", "").contains("/messages"))
                .findFirst();
    }
}
