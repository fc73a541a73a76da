package hk.clinic.allinone;

import hk.clinic.allinone.support.Clinic;
import hk.clinic.allinone.support.Deliveries;
import hk.clinic.allinone.support.Deliveries.Received;
import hk.clinic.allinone.support.RunningPlatform;
import hk.clinic.allinone.support.SteadyLoad;
import hk.clinic.allinone.support.SteadyLoad.Accepted;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WhatsApp and SMS answer only after the sender's read timeout (PT3S in the system tests) for a while, then
 * recover. A timeout is a transient failure: retried with backoff, no SMS fallback. The provider may have
 * taken the timed-out message, so it can see it twice, but always with the same key, and each registration
 * has exactly one sent WhatsApp and one sent email confirmation.
 */
@ExtendWith(RunningPlatform.class)
class ProviderTimeoutTest {

    private static final int PEOPLE = 4;

    private final Platform platform = RunningPlatform.platform();
    private final Clinic clinic = new Clinic(platform);
    private final Deliveries deliveries = new Deliveries(platform);
    private final String providers = platform.infra().providers().baseUrl();

    @Test
    void confirmationsAcceptedWhileProvidersTimeOutGoOutOnceWhenTheyAnswerAgain() {
        List<String> slow = new ArrayList<>();
        List<Accepted> accepted;
        try {
            slow.add(slowStub("/v[0-9.]+/[^/]+/messages", Map.of("messaging_product", "whatsapp",
                    "messages", List.of(Map.of("id", "wamid.late")))));
            slow.add(slowStub("/2010-04-01/Accounts/[^/]+/Messages.json", Map.of("sid", "SMlate", "status", "queued")));
            try (SteadyLoad load = SteadyLoad.start(clinic, 2)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> load.accepted().size() >= PEOPLE);
                accepted = load.accepted();
                assertEquals(List.of(), load.unsafeServerErrors());
            }
            // Each WhatsApp confirmation timed out at least once (and waits for its retry) before the providers recover.
            for (Accepted a : accepted) {
                await().atMost(Duration.ofSeconds(90)).until(() -> whatsAppConfirmations(a.id()).stream()
                        .anyMatch(n -> "SCHEDULED".equals(n.get("status")) && n.get("lastError") != null
                                && ((String) n.get("lastError")).startsWith("WhatsApp unreachable")));
            }
        } finally {
            slow.forEach(id -> given().delete(providers + "/__admin/mappings/" + id).then().statusCode(200));
        }
        for (Accepted a : accepted) {
            await().atMost(Duration.ofSeconds(150)).until(() -> whatsAppConfirmations(a.id()).stream()
                    .anyMatch(n -> "SENT".equals(n.get("status"))));
        }

        Map<String, Received> received = deliveries.received(accepted);
        int rawWhatsApp = 0;
        int distinctWhatsApp = 0;
        int emails = 0;
        int attempts = 0;
        for (Accepted a : accepted) {
            List<Map<String, Object>> confirmations = clinic.timeline(a.id()).stream()
                    .filter(n -> n.get("type").equals("CONFIRMATION")).toList();
            assertEquals(1, confirmations.stream().filter(n -> n.get("channel").equals("WHATSAPP") && n.get("status").equals("SENT")).count(),
                    confirmations.toString());
            assertEquals(1, confirmations.stream().filter(n -> n.get("channel").equals("EMAIL") && n.get("status").equals("SENT")).count(),
                    confirmations.toString());
            assertEquals(2, confirmations.size(), "no SMS fallback for a timeout: " + confirmations);
            attempts += confirmations.stream().filter(n -> n.get("channel").equals("WHATSAPP"))
                    .mapToInt(n -> ((Number) n.get("attempts")).intValue()).sum();

            Received r = received.get(a.id());
            assertEquals(1, new HashSet<>(r.whatsAppKeys()).size(), "one distinct WhatsApp message: " + r);
            assertTrue(r.whatsAppKeys().size() >= 2, "the timed-out attempt reached the provider, then the retry: " + r);
            int emailAttempts = confirmations.stream().filter(n -> n.get("channel").equals("EMAIL"))
                    .mapToInt(n -> ((Number) n.get("attempts")).intValue()).sum();
            assertEquals(1, new HashSet<>(r.emailIds()).size(), "one distinct email: " + r);
            assertTrue(r.emailIds().size() <= emailAttempts, "a second copy only from a failed attempt (SMTP is not slowed): " + r);
            assertEquals(List.of(), r.smsTokens(), "no SMS: " + r);
            rawWhatsApp += r.whatsAppKeys().size();
            distinctWhatsApp += new HashSet<>(r.whatsAppKeys()).size();
            emails += r.emailIds().size();
        }
        System.out.printf("ProviderTimeoutTest: %d registrations in, %d WhatsApp confirmations SENT (+%d emails), %d WhatsApp attempts, "
                        + "%d raw WhatsApp requests / %d distinct messages (same biz_opaque_callback_data), 0 SMS fallbacks, 0 lost%n",
                accepted.size(), distinctWhatsApp, emails, attempts, rawWhatsApp, distinctWhatsApp);
    }

    /** Answers 200, but only after 5 s: longer than the sender waits, as a provider that is slow, not down. */
    private String slowStub(String urlPathPattern, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(Map.of("priority", 1,
                        "request", Map.of("method", "POST", "urlPathPattern", urlPathPattern),
                        "response", Map.of("status", 200, "fixedDelayMilliseconds", 5000,
                                "headers", Map.of("Content-Type", "application/json"), "jsonBody", body)))
                .post(providers + "/__admin/mappings").then().statusCode(201).extract().jsonPath().getString("id");
    }

    private List<Map<String, Object>> whatsAppConfirmations(String registrationId) {
        return clinic.timeline(registrationId).stream()
                .filter(n -> n.get("type").equals("CONFIRMATION") && n.get("channel").equals("WHATSAPP")).toList();
    }
}
