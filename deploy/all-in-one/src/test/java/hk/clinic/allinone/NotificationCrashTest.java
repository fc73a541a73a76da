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
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * notification-service is stopped while WhatsApp sends are in flight (the provider answers slowly) and
 * restarted, under a steady stream of registrations: every confirmation still goes out. After a SIGKILL a message
 * is received twice only if it was in flight at the kill (or an attempt timed out), with the same key each time;
 * after a clean stop (SIGTERM, as a rolling deploy) none is received twice.
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
        MidSend run = stopMidSend(ServiceProcess::kill);
        List<Accepted> accepted = run.accepted();
        int acceptedAtKill = run.acceptedAtStop();
        SteadyLoad load = run.load();
        ServiceProcess notification = platform.service("notification");
        Set<String> receivedAtKill = run.receivedAtStop();
        Set<String> notSentAtKill = run.rowsAtStop().stream().filter(r -> !r.status().equals("SENT")).map(Row::id)
                .collect(Collectors.toSet());
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

    /**
     * A rolling deploy stops the old pod with SIGTERM: the sends in flight finish and their outcome is recorded
     * before the process exits, so the next instance sends nothing a second time, and what was waiting is there
     * for it at once. Every message reaches its provider exactly once, raw copies counted.
     */
    @Test
    void aCleanStopMidSendFinishesTheSendsInFlightAndSendsNothingTwice() {
        long[] stopMs = new long[1];
        MidSend run = stopMidSend(notification -> {
            long t0 = System.nanoTime();
            notification.stop();
            stopMs[0] = (System.nanoTime() - t0) / 1_000_000;
        });
        List<Accepted> accepted = run.accepted();
        Set<String> receivedAtStop = run.receivedAtStop();
        List<Row> rowsAtStop = run.rowsAtStop();
        SteadyLoad load = run.load();
        // What the providers had received when the process exited is recorded as sent: nothing is left to a lease.
        List<Row> receivedButNotRecorded = rowsAtStop.stream()
                .filter(r -> receivedAtStop.contains(r.id()) && !r.status().equals("SENT")).toList();
        assertEquals(List.of(), receivedButNotRecorded, "messages a provider had when the stop ended, not recorded as sent");
        assertEquals(List.of(), rowsAtStop.stream().filter(r -> r.status().equals("SENDING")).toList(),
                "a clean stop leaves no message claimed");

        List<String> ids = accepted.stream().map(Accepted::id).toList();
        // An event dead-lettered during the stop would leave its registration without rows: this waits in vain.
        await("every registration's two confirmations SENT after the restart")
                .atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            List<Row> confirmations = rows.confirmations(ids);
            return confirmations.size() == 2 * ids.size() && confirmations.stream().allMatch(r -> r.status().equals("SENT"));
        });
        Map<String, Received> received = deliveries.received(accepted);
        for (Accepted a : accepted) {
            Received r = received.get(a.id());
            assertEquals(1, r.emailIds().size(), "one copy of the email " + a.id() + ": " + r);
            assertEquals(1, r.whatsAppKeys().size(), "one copy of the WhatsApp message " + a.id() + ": " + r);
            assertTrue(r.smsTokens().isEmpty(), "no SMS " + a.id() + ": " + r);
        }
        System.out.printf("NotificationCrashTest: clean stop in %d ms with %d registrations in, %d messages at the providers; "
                        + "%d registrations in all, each confirmed once; answers %s%n",
                stopMs[0], run.acceptedAtStop(), receivedAtStop.size(), accepted.size(), load.statusCounts());
        assertEquals(List.of(), load.unsafeServerErrors());
    }

    /**
     * What a stop mid-send left: the registrations accepted in all and at the stop, the ids of the messages the
     * providers had received when the process had exited, the confirmation rows then, and the load (closed).
     */
    private record MidSend(List<Accepted> accepted, int acceptedAtStop, Set<String> receivedAtStop, List<Row> rowsAtStop,
                           SteadyLoad load) {
    }

    /**
     * Under a steady load, with WhatsApp answering slowly, stops notification-service the moment a new WhatsApp
     * request reaches the stub (so mid-send), reads what the providers and the database hold, and restarts it with
     * WhatsApp answering at once; a few more registrations come while it is down.
     */
    private MidSend stopMidSend(Consumer<ServiceProcess> stop) {
        ServiceProcess notification = platform.service("notification");
        String slow = null;
        SteadyLoad load = null;
        try {
            slow = slowWhatsApp();
            int before = whatsAppRequests();
            load = SteadyLoad.start(clinic, PER_SECOND);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                    .until(() -> whatsAppRequests() >= before + IN_FLIGHT_BEFORE_KILL);
            stop.accept(notification);

            List<Accepted> atStop = load.accepted();
            Set<String> receivedAtStop = deliveries.received(atStop).values().stream()
                    .flatMap(r -> Stream.concat(r.emailIds().stream().map(NotificationCrashTest::notificationId), r.whatsAppKeys().stream()))
                    .collect(Collectors.toSet());
            List<Row> rowsAtStop = rows.confirmations(atStop.stream().map(Accepted::id).toList());

            given().delete(providers + "/__admin/mappings/" + slow).then().statusCode(200);
            slow = null;
            notification.restart();
            // Registrations keep coming while it is down; a few are enough to show they are not lost either.
            SteadyLoad running = load;
            await().atMost(Duration.ofSeconds(30)).until(() -> running.accepted().size() >= atStop.size() + DURING_DOWNTIME);
            load.close();
            notification.awaitReady(Duration.ofMinutes(2));
            return new MidSend(load.accepted(), atStop.size(), receivedAtStop, rowsAtStop, load);
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
