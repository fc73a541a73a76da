package hk.clinic.notification;

import com.fasterxml.jackson.databind.node.ObjectNode;
import hk.clinic.notification.domain.Channel;
import hk.clinic.notification.domain.Notification;
import hk.clinic.notification.domain.NotificationStatus;
import hk.clinic.notification.domain.NotificationType;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The aftercare series from content-service's plan, and what happens when content-service is down. */
@QuarkusTest
class AftercareTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PLAN_PATH = "/api/v1/aftercare-plans/acne-treatment-trial";

    @Inject
    TestSupport support;

    @BeforeEach
    void contentServiceServesThePlan() throws IOException {
        support.daytime();
        String plan;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("aftercare/acne-treatment-trial.json")) {
            plan = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        support.wireMock().register(get(urlPathEqualTo(PLAN_PATH)).atPriority(5)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withHeader("ETag", "\"acne-treatment-trial-v1\"").withBody(plan)));
    }

    @AfterEach
    void defaultStubs() {
        support.wireMock().resetToDefaultMappings();
    }

    private ObjectNode attended(UUID registration, TestSupport.Person person, ZonedDateTime treatedAt) {
        ObjectNode event = support.example("04-registration-attended.json", registration, person);
        support.withAppointment(event, "appointment", treatedAt.minusMinutes(10));
        return support.withTreatedAt(event, treatedAt);
    }

    private Map<String, Notification> aftercareOf(UUID registration) {
        return support.notificationsOf(registration).stream().filter(n -> n.type == NotificationType.AFTERCARE)
                .collect(Collectors.toMap(n -> n.step, Function.identity()));
    }

    @Test
    void attendedSchedulesTheSeriesFromTheTreatmentTimeAndSendsEachStepWhenItIsDue() {
        UUID registration = UUID.randomUUID();
        TestSupport.Person person = support.person("zh-HK");
        ZonedDateTime treatedAt = support.nowInHongKong().truncatedTo(ChronoUnit.MINUTES).minusMinutes(5);
        support.publish(registration, attended(registration, person, treatedAt));

        await().atMost(WAIT).until(() -> aftercareOf(registration).size() == 5);
        Map<String, Notification> series = aftercareOf(registration);
        assertEquals(treatedAt.plusHours(48).toInstant(), series.get("48h").dueAt);
        assertEquals(treatedAt.plusDays(3).toInstant(), series.get("3d").dueAt);
        assertEquals(treatedAt.plusDays(7).toInstant(), series.get("7d").dueAt);
        assertEquals(treatedAt.plusDays(10).toInstant(), series.get("10d").dueAt);
        series.values().forEach(n -> assertEquals(Channel.WHATSAPP, n.channel));

        await().atMost(WAIT).until(() -> support.reload(series.get("immediate").id).status == NotificationStatus.SENT);
        assertTrue(support.whatsAppRequestsTo(person).get(0).getBodyAsString().contains("治療後即時護理"));
        assertEquals(NotificationStatus.SCHEDULED, support.reload(series.get("48h").id).status);

        support.advanceTo(series.get("48h").dueAt.plusSeconds(1));
        await().atMost(WAIT).until(() -> support.reload(series.get("48h").id).status == NotificationStatus.SENT);
        assertEquals(NotificationStatus.SCHEDULED, support.reload(series.get("3d").id).status);
        assertTrue(support.whatsAppRequestsTo(person).stream().anyMatch(r -> r.getBodyAsString().contains("治療後48小時")));

        support.advanceTo(series.get("10d").dueAt.plusSeconds(1));
        await().atMost(WAIT).until(() -> series.values().stream()
                .allMatch(n -> support.reload(n.id).status == NotificationStatus.SENT));
        assertEquals(5, support.whatsAppRequestsTo(person).size());
    }

    @Test
    void whenContentServiceIsDownTheCachedPlanIsUsed() {
        UUID first = UUID.randomUUID();
        ZonedDateTime treatedAt = support.nowInHongKong().truncatedTo(ChronoUnit.MINUTES).minusMinutes(5);
        support.publish(first, attended(first, support.person("en"), treatedAt));
        await().atMost(WAIT).until(() -> aftercareOf(first).size() == 5);

        support.wireMock().register(get(urlPathEqualTo(PLAN_PATH)).atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("down for maintenance")));
        int asksBefore = support.wireMock().find(getRequestedFor(urlPathEqualTo(PLAN_PATH))).size();

        UUID second = UUID.randomUUID();
        TestSupport.Person person = support.person("en");
        support.publish(second, attended(second, person, treatedAt));
        await().atMost(WAIT).until(() -> aftercareOf(second).size() == 5);

        assertTrue(support.wireMock().find(getRequestedFor(urlPathEqualTo(PLAN_PATH))).size() > asksBefore,
                "content-service was asked first");
        Map<String, Notification> series = aftercareOf(second);
        assertEquals(treatedAt.plusDays(3).toInstant(), series.get("3d").dueAt);
        await().atMost(WAIT).until(() -> support.reload(series.get("immediate").id).status == NotificationStatus.SENT);
        assertTrue(support.whatsAppRequestsTo(person).get(0).getBodyAsString().contains("Right after your treatment"));
    }

    @Test
    void anUnchangedPlanIsRevalidatedWithItsETagAndTakenFromTheCache() {
        UUID first = UUID.randomUUID();
        ZonedDateTime treatedAt = support.nowInHongKong().truncatedTo(ChronoUnit.MINUTES).minusMinutes(5);
        support.publish(first, attended(first, support.person("en"), treatedAt));
        await().atMost(WAIT).until(() -> aftercareOf(first).size() == 5);

        support.wireMock().register(get(urlPathEqualTo(PLAN_PATH)).atPriority(1)
                .withHeader("If-None-Match", equalTo("\"acne-treatment-trial-v1\""))
                .willReturn(aResponse().withStatus(304).withHeader("ETag", "\"acne-treatment-trial-v1\"")));
        UUID second = UUID.randomUUID();
        support.publish(second, attended(second, support.person("zh-HK"), treatedAt));
        await().atMost(WAIT).until(() -> aftercareOf(second).size() == 5);
        assertTrue(support.wireMock().find(getRequestedFor(urlPathEqualTo(PLAN_PATH))
                .withHeader("If-None-Match", equalTo("\"acne-treatment-trial-v1\""))).size() >= 1);
        assertTrue(aftercareOf(second).get("48h").bodyText.contains("最初的48小時"));
    }

    @Test
    void aTreatmentWithoutAPlanGetsNoAftercareAndTheEventIsStillApplied() {
        UUID registration = UUID.randomUUID();
        ObjectNode event = attended(registration, support.person("en"), support.nowInHongKong().truncatedTo(ChronoUnit.MINUTES));
        ((ObjectNode) event.get("data").get("treatment")).put("code", "vacuum-microdermabrasion-facial");
        support.publish(registration, event);
        await().atMost(WAIT).until(() -> support.processed(event.get("id").asText()) == 1);
        assertTrue(aftercareOf(registration).isEmpty());
    }

    @Test
    void attendedCancelsTheReminderStillPending() {
        UUID registration = UUID.randomUUID();
        TestSupport.Person person = support.person("en");
        ZonedDateTime startsAt = support.nowInHongKong().toLocalDate().plusDays(3).atTime(14, 30).atZone(TestSupport.HK);
        support.publish(registration, support.withAppointment(
                support.example("01-registration-submitted.json", registration, person), "appointment", startsAt));
        ObjectNode attended = attended(registration, person, support.nowInHongKong().truncatedTo(ChronoUnit.MINUTES));
        support.publish(registration, attended);
        await().atMost(WAIT).until(() -> support.processed(attended.get("id").asText()) == 1);
        List<Notification> reminders = support.notificationsOf(registration).stream()
                .filter(n -> n.type == NotificationType.REMINDER).toList();
        assertFalse(reminders.isEmpty());
        reminders.forEach(r -> assertEquals(NotificationStatus.CANCELLED, r.status));
    }
}
