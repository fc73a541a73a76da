package hk.clinic.allinone;

import hk.clinic.allinone.support.Clinic;
import hk.clinic.allinone.support.Deliveries;
import hk.clinic.allinone.support.Deliveries.Summary;
import hk.clinic.allinone.support.RunningPlatform;
import hk.clinic.allinone.support.SteadyLoad;
import hk.clinic.allinone.support.SteadyLoad.Answer;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL or the Kafka broker goes away for a few seconds under a steady stream of registrations, then
 * comes back. What is promised:
 * <ul>
 *   <li>Database away: every database-backed endpoint of the three services answers 503
 *       {@code application/problem+json} with {@code Retry-After} at once (never a 500, never a hang); booking's
 *       and notification's readiness (content's too) is DOWN meanwhile and UP again after, with no restart.</li>
 *   <li>Broker away: booking keeps answering 201 and stays ready (the transactional outbox holds the events);
 *       notification's readiness is DOWN meanwhile and UP again after.</li>
 *   <li>After either fault every registration that got a 201 has exactly one confirmation email and one
 *       WhatsApp message: none lost, none doubled, and no answer was a 5xx a client could not safely retry.</li>
 * </ul>
 * Each outage lasts {@code -Dfaults.outage-seconds} (default 5) once the fault has been observed.
 */
@ExtendWith(RunningPlatform.class)
class InfraFaultsTest {

    private static final int PER_SECOND = 5;
    private static final Duration OUTAGE = Duration.ofSeconds(Integer.getInteger("faults.outage-seconds", 5));
    private static final Duration TRANSITION = Duration.ofSeconds(60);
    private static final Duration CONFIRMED = Duration.ofSeconds(150);

    private final Platform platform = RunningPlatform.platform();
    private final Clinic clinic = new Clinic(platform);
    private final Deliveries deliveries = new Deliveries(platform);

    @Test
    void postgresStoppedUnderLoadAnswers503WithRetryAfterAndNothingIsLostOrDoubled() {
        SteadyLoad load = SteadyLoad.start(clinic, PER_SECOND);
        Timeline timeline = new Timeline();
        int probed;
        try {
            awaitMoreAccepted(load, 5);
            platform.infra().postgres().stop();
            timeline.mark("database stopped");
            try {
                await().atMost(TRANSITION).pollInterval(Duration.ofMillis(200)).until(() ->
                        readiness("booking") == 503 && readiness("notification") == 503 && readiness("content") == 503);
                timeline.mark("all three not ready");
                probed = probeDatabaseBackedEndpoints();
                int before = load.answers().size();
                long endsAt = System.nanoTime() + OUTAGE.toNanos();
                await().atMost(OUTAGE.plus(TRANSITION)).pollInterval(Duration.ofMillis(200)).until(() ->
                        answeredSince(load, before, 503) >= 3 && System.nanoTime() >= endsAt);
            } finally {
                platform.infra().postgres().start();
                timeline.mark("database restarted");
            }
            await().atMost(TRANSITION).pollInterval(Duration.ofMillis(200)).until(() ->
                    readiness("booking") == 200 && readiness("notification") == 200 && readiness("content") == 200);
            timeline.mark("all three ready");
            awaitMoreAccepted(load, 5);
        } finally {
            load.close();
        }
        Map<Integer, Integer> statuses = load.statusCounts();
        Map<String, Deliveries.Count> counts = deliveries.awaitEachConfirmed(load.accepted(), CONFIRMED);
        Summary summary = Deliveries.summarize(counts);
        timeline.mark("all confirmed");
        System.out.printf("InfraFaultsTest PostgreSQL stopped: %d registrations tried, %d answered 201, %d answered 503 "
                        + "(Retry-After), %d other DB-backed requests answered 503; %d confirmed once per channel, "
                        + "%d duplicated, %d lost, %d unsafe 5xx; statuses %s; %s%n",
                load.answers().size(), statuses.getOrDefault(201, 0), statuses.getOrDefault(503, 0), probed,
                summary.confirmedOnce(), summary.duplicated(), summary.lost(), load.unsafeServerErrors().size(), statuses,
                timeline);

        assertEquals(List.of(), load.unsafeServerErrors(), "only 503 problems with Retry-After");
        assertEquals(0, statuses.getOrDefault(-1, 0), "every request was answered (no hang, no timeout): " + statuses);
        assertTrue(statuses.getOrDefault(503, 0) >= 3, "the outage was seen by the load: " + statuses);
        assertEquals(statuses.getOrDefault(201, 0) + statuses.getOrDefault(503, 0), load.answers().size(),
                "201 or 503, nothing else: " + statuses);
        assertEquals(0, summary.lost(), summary + " " + notOnce(counts));
        assertEquals(0, summary.duplicated(), summary + " " + notOnce(counts));
        assertEquals(summary.registrations(), summary.confirmedOnce(), summary.toString());
    }

    @Test
    void kafkaBrokerKilledUnderLoadKeepsBookingTakingRegistrationsAndNothingIsLostOrDoubled() {
        SteadyLoad load = SteadyLoad.start(clinic, PER_SECOND);
        Timeline timeline = new Timeline();
        AtomicInteger bookingReadyChecks = new AtomicInteger();
        int acceptedWhileAway;
        try {
            awaitMoreAccepted(load, 5);
            platform.infra().kafka().stop();
            timeline.mark("broker stopped");
            try {
                await().atMost(TRANSITION).pollInterval(Duration.ofMillis(200)).until(() -> readiness("notification") == 503);
                timeline.mark("notification not ready");
                int before = load.accepted().size();
                long endsAt = System.nanoTime() + OUTAGE.toNanos();
                // Booking stays in service for the whole outage: checked at every poll while it lasts.
                await().atMost(OUTAGE.plus(TRANSITION)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    assertEquals(200, readiness("booking"), "booking stays ready while Kafka is away");
                    bookingReadyChecks.incrementAndGet();
                    return load.accepted().size() - before >= 10 && System.nanoTime() >= endsAt;
                });
                acceptedWhileAway = load.accepted().size() - before;
                assertEquals(200, readiness("booking"), "booking stays ready while Kafka is away");
            } finally {
                platform.infra().kafka().startServer();
                timeline.mark("broker restarted");
            }
            await().atMost(TRANSITION).pollInterval(Duration.ofMillis(200)).until(() -> readiness("notification") == 200);
            timeline.mark("notification ready");
            awaitMoreAccepted(load, 5);
            await().atMost(TRANSITION).pollInterval(Duration.ofMillis(500)).until(() -> unpublishedEvents() == 0);
            timeline.mark("outbox drained");
        } finally {
            load.close();
        }
        Map<Integer, Integer> statuses = load.statusCounts();
        Map<String, Deliveries.Count> counts = deliveries.awaitEachConfirmed(load.accepted(), CONFIRMED);
        Summary summary = Deliveries.summarize(counts);
        timeline.mark("all confirmed");
        System.out.printf("InfraFaultsTest Kafka broker killed: %d registrations tried, %d answered 201 (%d while the broker "
                        + "was away), booking ready at all %d checks; %d confirmed once per channel, %d duplicated, %d lost, "
                        + "%d unsafe 5xx; statuses %s; %s%n",
                load.answers().size(), statuses.getOrDefault(201, 0), acceptedWhileAway, bookingReadyChecks.get() + 1,
                summary.confirmedOnce(), summary.duplicated(), summary.lost(), load.unsafeServerErrors().size(), statuses,
                timeline);

        assertEquals(Map.of(201, load.answers().size()), statuses, "booking answered 201 throughout");
        assertEquals(0, summary.lost(), summary + " " + notOnce(counts));
        assertEquals(0, summary.duplicated(), summary + " " + notOnce(counts));
        assertEquals(summary.registrations(), summary.confirmedOnce(), summary.toString());
    }

    /** The platform is shared by every system test in this JVM: whatever happened, leave it running and ready. */
    @AfterEach
    void restore() {
        platform.infra().postgres().start();
        platform.infra().kafka().startServer();
        await().atMost(TRANSITION).pollInterval(Duration.ofMillis(200)).until(() ->
                readiness("booking") == 200 && readiness("notification") == 200 && readiness("content") == 200);
    }

    /**
     * While the database is away, one database-backed request to each service (public and staff): each must be a
     * 503 problem with Retry-After. Returns how many were tried.
     */
    private int probeDatabaseBackedEndpoints() {
        String inTenDays = java.time.LocalDate.now(Clinic.HONG_KONG).plusDays(10).toString();
        List<Supplier<Response>> probes = List.of(
                () -> given().queryParam("treatment", SteadyLoad.TREATMENT).queryParam("branch", "central")
                        .queryParam("from", inTenDays).queryParam("to", inTenDays)
                        .get(clinic.booking + "/api/v1/availability"),
                () -> given().header("Authorization", clinic.staff).get(clinic.booking + "/api/v1/staff/registrations"),
                // A query nobody asked before: content caches search answers, this one must reach the database.
                () -> given().queryParam("q", "milia " + Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", ""))
                        .get(clinic.content + "/api/v1/search"),
                () -> given().header("Authorization", clinic.staff)
                        .get(clinic.content + "/api/v1/staff/guides/complete-milia-removal/drafts/en"),
                () -> given().header("Authorization", clinic.staff)
                        .queryParam("registrationId", java.util.UUID.randomUUID().toString())
                        .get(clinic.notification + "/api/v1/staff/notifications"));
        for (Supplier<Response> probe : probes) {
            Response r = probe.get();
            Answer answer = new Answer(r.statusCode(), java.util.Optional.ofNullable(r.header("Retry-After")),
                    r.contentType(), r.asString());
            assertTrue(answer.isRetryable503(), "503 problem with Retry-After while the database is away: " + answer);
        }
        return probes.size();
    }

    /** The registrations (ids only) that did not get exactly one message per channel, with what they got. */
    private static Map<String, Deliveries.Count> notOnce(Map<String, Deliveries.Count> counts) {
        Map<String, Deliveries.Count> odd = new java.util.TreeMap<>();
        counts.forEach((id, c) -> {
            if (!c.confirmedOnce()) {
                odd.put(id, c);
            }
        });
        return odd;
    }

    /** Booking's outbox backlog, as its "Outbox relay" readiness check reports it. */
    private int unpublishedEvents() {
        return given().get(clinic.booking + "/q/health/ready").then().extract().jsonPath()
                .getInt("checks.find { it.name == 'Outbox relay' }.data.unpublishedEvents");
    }

    private int readiness(String service) {
        return given().get(platform.service(service).baseUrl() + "/q/health/ready").statusCode();
    }

    private static void awaitMoreAccepted(SteadyLoad load, int more) {
        int target = load.accepted().size() + more;
        await().atMost(TRANSITION).until(() -> load.accepted().size() >= target);
    }

    private static long answeredSince(SteadyLoad load, int index, int status) {
        List<Answer> answers = load.answers();
        return answers.subList(Math.min(index, answers.size()), answers.size()).stream()
                .filter(a -> a.status() == status).count();
    }

    /** When each step was reached, in seconds since the load started (printed for the report, never asserted). */
    private static final class Timeline {
        private final long start = System.nanoTime();
        private final StringBuilder marks = new StringBuilder("seconds since the load started:");

        void mark(String what) {
            marks.append(String.format(" %s %.1f,", what, (System.nanoTime() - start) / 1e9));
        }

        @Override
        public String toString() {
            return marks.substring(0, marks.length() - 1);
        }
    }

}
