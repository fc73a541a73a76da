package hk.clinic.notification;

import hk.clinic.infra.ClinicInfraResource;
import hk.clinic.infra.testing.OtlpCollector;
import hk.clinic.infra.testing.OtlpCollector.ExportedSpan;
import hk.clinic.notification.domain.Channel;
import hk.clinic.notification.domain.Notification;
import hk.clinic.notification.domain.NotificationStatus;
import hk.clinic.notification.domain.NotificationType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SMTP server unreachable (the mailer points at a port where nothing listens): the e-mail is kept and retried
 * later, the WhatsApp message goes out regardless, and the exported {@code smtp send} span says the send failed.
 */
@QuarkusTest
@TestProfile(SmtpOutageTest.SmtpDown.class)
class SmtpOutageTest {

    /**
     * Span export on as in TraceExportTest, and the same servers as the other tests but with the mailer's port
     * closed. Hand-offs are off, so that the confirmations take the other path, a sender's claim from the table,
     * which the other tests' confirmations no longer do.
     */
    public static class SmtpDown extends TraceExportTest.ExportOn {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("clinic.delivery.hand-off-limit", "0");
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OtlpCollector.class), new TestResourceEntry(InfraWithSmtpDown.class));
        }

        /** Replaces the module's own NotificationInfra, whose mailer settings would win over any profile's. */
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    public static class InfraWithSmtpDown extends ClinicInfraResource {
        @Override
        public void init(Map<String, String> initArgs) {
            super.init(Map.of("service", "notification"));
        }

        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.put("quarkus.mailer.port", Integer.toString(closedPort()));
            return config;
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Inject
    TestSupport support;

    @ConfigProperty(name = OtlpCollector.PORT)
    int collectorPort;

    @Test
    void anUnreachableSmtpServerLeavesTheEmailScheduledForRetryAndItsSpanFailed() {
        support.daytime();
        UUID registration = UUID.randomUUID();
        TestSupport.Person person = support.person("en");
        TestSupport.PublishedTrace published = support.publishSubmittedInNewTrace(registration, person);
        String traceId = published.traceId();

        await().atMost(Duration.ofSeconds(30)).until(() -> smtpSpan(traceId).isPresent());
        ExportedSpan smtp = smtpSpan(traceId).orElseThrow();
        assertTrue(smtp.error(), "the span of a failed send is marked failed: " + smtp);
        assertTrue(smtp.statusMessage().startsWith("SMTP"), smtp.toString());

        await().atMost(Duration.ofSeconds(30)).until(() -> support.notification(registration, NotificationType.CONFIRMATION,
                Channel.EMAIL).filter(n -> n.attempts == 1 && n.status == NotificationStatus.SCHEDULED).isPresent());
        Notification email = support.notification(registration, NotificationType.CONFIRMATION, Channel.EMAIL).orElseThrow();
        assertEquals(smtp.statusMessage(), email.lastError, "the row keeps what the span reports");
        assertTrue(email.dueAt.isAfter(support.now()), "retried later, not at once");
        assertEquals(email.id.toString(), smtp.attributes().get("clinic.notification.id"));

        await().atMost(Duration.ofSeconds(30)).until(() -> support.whatsAppRequestsTo(person).size() == 1);
        Notification whatsApp = support.notification(registration, NotificationType.CONFIRMATION, Channel.WHATSAPP).orElseThrow();
        assertEquals(NotificationStatus.SENT, whatsApp.status, "the other channel does not wait for the mail server");
        assertTrue(whatsApp.claimedAt.isAfter(whatsApp.createdAt), "claimed from the table after the consumer's commit");
        assertTrue(support.mailTo(person.email()).isEmpty());
    }

    private Optional<ExportedSpan> smtpSpan(String traceId) {
        return OtlpCollector.span(collectorPort, traceId, "smtp send");
    }
}
