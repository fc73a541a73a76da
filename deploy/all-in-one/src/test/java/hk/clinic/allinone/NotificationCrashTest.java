package hk.clinic.allinone;

import hk.clinic.allinone.support.Clinic;
import hk.clinic.allinone.support.Deliveries;
import hk.clinic.allinone.support.Deliveries.Received;
import hk.clinic.allinone.support.NotificationRows;
import hk.clinic.allinone.support.NotificationRows.Row;
import hk.clinic.allinone.support.RunningPlatform;
import hk.clinic.allinone.support.SteadyLoad;
import hk.clinic.allinone.support.SteadyLoad.Accepted;
import io.restassured.http.ContentType;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * notification-service is SIGKILLed while WhatsApp sends are in flight (the provider answers slowly) and
 * restarted, under a steady stream of registrations: every confirmation still goes out, and a message is
 * received twice only if it was in flight at the kill (or an attempt timed out), with the same key each time.
 */
@ExtendWith(RunningPlatform.class)
class NotificationCrashTest {

    private static final int PER_SECOND = 2;
    private static final int IN_FLIGHT_BEFORE_KILL = 3;
    private static final int DURING_DOWNTIME = 6;

    private final Platform platform = RunningPlatform.platform();
    private final Clinic clinic = new Clinic(platform);
    private final Deliveries deliveries = new Deliveries(platform);
    private final NotificationRows rows = new NotificationRows(platform);
    private final String providers = platform.infra().providers().baseUrl();

    @Test
    void aSigkillMidSendLosesNoConfirmationAndAResendIsTheSameMessage() {
        ServiceProcess notification = platform.service("notification");
        String slow = null;
        List<Accepted> accepted;
        int acceptedAtKill;
        Set<String> receivedAtKill;
        Set<String> notSentAtKill;
        SteadyLoad load = null;
        try {
            slow = slowWhatsApp();
            int before = whatsAppRequests();
            load = SteadyLoad.start(clinic, PER_SECOND);
            // A new request reached the slow stub: it is being answered, so the kill lands mid-send.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                    .until(() -> whatsAppRequests() >= before + IN_FLIGHT_BEFORE_KILL);
            notification.kill();

            List<Accepted> soFar = load.accepted();
            acceptedAtKill = soFar.size();
            receivedAtKill = deliveries.received(soFar).values().stream()
                    .flatMap(r -> Stream.concat(r.emailIds().stream().map(NotificationCrashTest::notificationId), r.whatsAppKeys().stream()))
                    .collect(Collectors.toSet());
            notSentAtKill = rows.confirmations(soFar.stream().map(Accepted::id).toList()).stream()
                    .filter(r -> !r.status().equals("SENT")).map(Row::id).collect(Collectors.toSet());

            given().delete(providers + "/__admin/mappings/" + slow).then().statusCode(200);
            slow = null;
            notification.restart();
            // Registrations keep coming while it is down; a few are enough to show they are not lost either.
            SteadyLoad running = load;
            await().atMost(Duration.ofSeconds(30)).until(() -> running.accepted().size() >= acceptedAtKill + DURING_DOWNTIME);
            load.close();
            accepted = load.accepted();
            notification.awaitReady(Duration.ofMinutes(2));
        } finally {
            if (load != null) {
                load.close();
            }
            if (slow != null) {
                given().delete(providers + "/__admin/mappings/" + slow).then().statusCode(200);
            }
            if (!notification.isAlive()) {
                notification.restart();
            }
            notification.awaitReady(Duration.ofMinutes(2));
        }
        Set<String> inFlightAtKill = new HashSet<>(receivedAtKill);
        inFlightAtKill.retainAll(notSentAtKill);
        assertFalse(inFlightAtKill.isEmpty(), "the kill landed while a provider had a message whose send was not recorded");

        List<String> ids = accepted.stream().map(Accepted::id).toList();
        // The slowest legitimate path: the restarted service gets its partitions once the killed one's Kafka session
        // ends (15 s), a message in flight at the kill is claimed again when its lease ends (5 s), and each transient
        // failure after that waits its backoff (5 s, 10 s, 20 s in these tests). Three minutes leaves a slow machine room.
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                List<Row> confirmations = rows.confirmations(ids);
                return confirmations.size() == 2 * ids.size() && confirmations.stream().allMatch(r -> r.status().equals("SENT"));
            });
        } catch (ConditionTimeoutException e) {
            List<Row> confirmations = rows.confirmations(ids);
            throw new AssertionError(String.format("not every confirmation was sent within 3 minutes: %d of %d rows, unsent: %s%n"
                            + "notification-service's last log lines:%n%s", confirmations.size(), 2 * ids.size(),
                    confirmations.stream().filter(r -> !r.status().equals("SENT")).toList(), notification.logTail(60)), e);
        }
        Map<String, Received> received = deliveries.received(accepted);
        Map<String, Row> byId = rows.confirmations(ids).stream().collect(Collectors.toMap(Row::id, r -> r));

        int confirmed = 0;
        int lost = 0;
        int copiesOfInFlight = 0;
        int copiesOfRetried = 0;
        for (Accepted a : accepted) {
            Received r = received.get(a.id());
            String context = a.id() + ": " + r + ", in flight at kill: " + inFlightAtKill;
            if (r.emailIds().isEmpty() || r.whatsAppKeys().isEmpty()) {
                lost++;
                continue;
            }
            assertEquals(1, new HashSet<>(r.emailIds()).size(), "one distinct email " + context);
            assertEquals(1, new HashSet<>(r.whatsAppKeys()).size(), "one distinct WhatsApp message " + context);
            assertTrue(r.smsTokens().isEmpty(), "no SMS " + context);
            for (List<String> copies : List.of(r.emailIds().stream().map(NotificationCrashTest::notificationId).toList(), r.whatsAppKeys())) {
                Row row = byId.get(copies.get(0));
                // Each attempt hands the provider at most one copy, and a message is received twice only if an
                // attempt's outcome was never recorded (in flight at the kill) or it failed (a timeout).
                assertTrue(copies.size() <= row.attempts(), "no copy without an attempt " + row + " " + context);
                if (copies.size() > 1) {
                    if (inFlightAtKill.contains(row.id())) {
                        copiesOfInFlight += copies.size() - 1;
                    } else {
                        copiesOfRetried += copies.size() - 1;
                    }
                }
                assertTrue(copies.size() == 1 || inFlightAtKill.contains(row.id()) || row.attempts() > 1,
                        "a message sent at its first attempt arrives once " + row + " " + context);
            }
            confirmed++;
        }
        for (Accepted a : accepted) {
            assertEquals(Set.of("EMAIL", "WHATSAPP"), byId.values().stream().filter(r -> r.registrationId().equals(a.id()))
                    .map(Row::channel).collect(Collectors.toSet()), "one email and one WhatsApp row, no SMS fallback");
        }
        System.out.printf("NotificationCrashTest: %d registrations in (%d while it was down), %d confirmations out (email + WhatsApp), %d in flight at the "
                        + "SIGKILL, duplicates: %d raw copies of messages in flight at the kill + %d of attempts that timed out / "
                        + "0 distinct (same Message-ID or WhatsApp key), %d lost, %d unsafe 5xx; answers %s%n",
                accepted.size(), accepted.size() - acceptedAtKill, confirmed, inFlightAtKill.size(), copiesOfInFlight, copiesOfRetried, lost,
                load.unsafeServerErrors().size(), load.statusCounts());
        assertEquals(0, lost, "lost confirmations");
        assertEquals(accepted.size(), confirmed);
        assertEquals(List.of(), load.unsafeServerErrors());
    }

    /** Mail Message-IDs are {@code <notification-id@notification.clinic.hk>}. */
    private static String notificationId(String messageId) {
        return messageId == null ? null : messageId.replaceAll("^<([^@]+)@.*$", "$1");
    }

    /** WhatsApp answers after 1.5 s, so that there is a send in flight at almost any moment of a backlog. */
    private String slowWhatsApp() {
        return given().contentType(ContentType.JSON).body(Map.of("priority", 1,
                        "request", Map.of("method", "POST", "urlPathPattern", "/v[0-9.]+/[^/]+/messages"),
                        "response", Map.of("status", 200, "fixedDelayMilliseconds", 1500,
                                "headers", Map.of("Content-Type", "application/json"),
                                "jsonBody", Map.of("messaging_product", "whatsapp",
                                        "messages", List.of(Map.of("id", "wamid.slow"))))))
                .post(providers + "/__admin/mappings").then().statusCode(201).extract().jsonPath().getString("id");
    }

    private int whatsAppRequests() {
        return given().contentType(ContentType.JSON)
                .body(Map.of("method", "POST", "urlPathPattern", "/v[0-9.]+/[^/]+/messages"))
                .post(providers + "/__admin/requests/count").then().statusCode(200).extract().jsonPath().getInt("count");
    }
}
