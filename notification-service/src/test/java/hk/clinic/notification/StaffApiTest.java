package hk.clinic.notification;

import hk.clinic.notification.domain.Channel;
import hk.clinic.notification.domain.Notification;
import hk.clinic.notification.domain.NotificationStatus;
import hk.clinic.notification.domain.NotificationType;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/** The staff timeline, retry and cancel, the test clock, and the metrics. */
@QuarkusTest
class StaffApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PROBLEM = "application/problem+json";

    @Inject
    TestSupport support;

    @BeforeEach
    void daytime() {
        support.daytime();
    }

    @AfterEach
    void defaultStubs() {
        support.wireMock().resetToDefaultMappings();
    }

    private static String staff() {
        return "Bearer " + Jwt.subject("front-desk-1").groups("staff").sign();
    }

    private UUID submitted(TestSupport.Person person) {
        UUID registration = UUID.randomUUID();
        ZonedDateTime startsAt = support.nowInHongKong().toLocalDate().plusDays(3).atTime(14, 30).atZone(TestSupport.HK);
        support.publish(registration, support.withAppointment(
                support.example("01-registration-submitted.json", registration, person), "appointment", startsAt));
        return registration;
    }

    @Test
    void theTimelineNeedsAStaffToken() {
        given().queryParam("registrationId", UUID.randomUUID()).when().get("/api/v1/staff/notifications")
                .then().statusCode(401).contentType(PROBLEM)
                .body("type", equalTo("https://api.clinic.hk/problems/unauthorized"));
        given().header("Authorization", "Bearer " + Jwt.subject("someone").groups("patient").sign())
                .queryParam("registrationId", UUID.randomUUID()).when().get("/api/v1/staff/notifications")
                .then().statusCode(403).contentType(PROBLEM).body("status", equalTo(403));
    }

    @Test
    void theTimelineListsEveryMessageOfTheRegistration() {
        TestSupport.Person person = support.person("en");
        UUID registration = submitted(person);
        await().atMost(WAIT).until(() -> support.notificationsOf(registration).size() == 3);

        given().header("Authorization", staff()).queryParam("registrationId", registration)
                .when().get("/api/v1/staff/notifications")
                .then().statusCode(200)
                .body("total", equalTo(3)).body("page", equalTo(0)).body("size", equalTo(20))
                .body("items.type", hasItem("CONFIRMATION")).body("items.type", hasItem("REMINDER"))
                .body("items.channel", hasItem("EMAIL")).body("items.channel", hasItem("WHATSAPP"))
                .body("items[0].id", notNullValue()).body("items[0].dueAt", containsString("+08:00"))
                .body("items[0].attempts", notNullValue());
    }

    @Test
    void anInvalidQueryIsABadRequestProblem() {
        given().header("Authorization", staff()).queryParam("registrationId", "not-a-uuid").queryParam("size", 1000)
                .when().get("/api/v1/staff/notifications")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("registrationId")).body("errors.field", hasItem("size"));
    }

    @Test
    void staffCancelAScheduledReminderButNotTwice() {
        UUID registration = submitted(support.person("en"));
        await().atMost(WAIT).until(() -> support.notification(registration, NotificationType.REMINDER, Channel.WHATSAPP).isPresent());
        Notification reminder = support.notification(registration, NotificationType.REMINDER, Channel.WHATSAPP).orElseThrow();

        given().header("Authorization", staff()).when().post("/api/v1/staff/notifications/{id}/cancel", reminder.id)
                .then().statusCode(200).body("status", equalTo("CANCELLED")).body("lastError", equalTo("Cancelled by staff"));
        given().header("Authorization", staff()).when().post("/api/v1/staff/notifications/{id}/cancel", reminder.id)
                .then().statusCode(409).contentType(PROBLEM).body("type", equalTo("https://api.clinic.hk/problems/conflict"));
        given().header("Authorization", staff()).when().post("/api/v1/staff/notifications/{id}/cancel", UUID.randomUUID())
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void staffRetryAFailedMessage() {
        TestSupport.Person person = support.person("en");
        support.wireMock().register(post(urlPathMatching(TestSupport.WHATSAPP_PATH)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.to", com.github.tomakehurst.wiremock.client.WireMock.equalTo(person.whatsAppId())))
                .willReturn(aResponse().withStatus(403).withBody("{\"error\":{\"message\":\"Token expired\"}}")));
        UUID registration = submitted(person);
        await().atMost(WAIT).until(() -> support.notification(registration, NotificationType.CONFIRMATION, Channel.WHATSAPP)
                .filter(n -> n.status == NotificationStatus.FAILED).isPresent());
        Notification failed = support.notification(registration, NotificationType.CONFIRMATION, Channel.WHATSAPP).orElseThrow();
        support.wireMock().resetToDefaultMappings();

        given().header("Authorization", staff()).when().post("/api/v1/staff/notifications/{id}/retry", failed.id)
                .then().statusCode(200).body("status", equalTo("SCHEDULED")).body("attempts", equalTo(0));
        await().atMost(WAIT).until(() -> support.reload(failed.id).status == NotificationStatus.SENT);
        given().header("Authorization", staff()).when().post("/api/v1/staff/notifications/{id}/retry", failed.id)
                .then().statusCode(409).contentType(PROBLEM);
    }

    @Test
    void theTestClockMovesOnlyForward() {
        given().header("Authorization", staff()).when().get("/api/v1/staff/clock")
                .then().statusCode(200).body("now", notNullValue());
        given().header("Authorization", staff()).contentType("application/json").body("{\"advanceBy\":\"PT1M\"}")
                .when().post("/api/v1/staff/clock").then().statusCode(200).body("offset", notNullValue());
        given().header("Authorization", staff()).contentType("application/json").body("{\"advanceBy\":\"-PT1M\"}")
                .when().post("/api/v1/staff/clock").then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void errorsAreProblemDetails() {
        given().header("Authorization", staff()).when().get("/api/v1/staff/no-such-thing")
                .then().statusCode(404).contentType(PROBLEM).body("status", equalTo(404));
        given().header("Authorization", staff()).when().get("/api/v1/staff/notifications/{id}/retry", UUID.randomUUID())
                .then().statusCode(405).contentType(PROBLEM)
                .body("type", equalTo("https://api.clinic.hk/problems/method-not-allowed"));
        given().header("Authorization", staff()).contentType("text/plain").body("PT1M")
                .when().post("/api/v1/staff/clock")
                .then().statusCode(415).contentType(PROBLEM);
        given().header("Authorization", staff()).contentType("application/json").body("{\"advanceBy\":")
                .when().post("/api/v1/staff/clock")
                .then().statusCode(400).contentType(PROBLEM);
        given().when().get("/api/v1/opt-outs")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("token"));
    }

    @Test
    void theOptOutEndpointIsRateLimitedPerClientAddress() {
        String client = "10.9." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);
        for (int i = 0; i < 20; i++) {
            given().header("X-Forwarded-For", client).queryParam("token", "forged." + i).when().get("/api/v1/opt-outs")
                    .then().statusCode(400);
        }
        given().header("X-Forwarded-For", client).queryParam("token", "forged").when().get("/api/v1/opt-outs")
                .then().statusCode(429).contentType(PROBLEM).header("Retry-After", notNullValue())
                .body("type", equalTo("https://api.clinic.hk/problems/too-many-requests"));
        given().header("X-Forwarded-For", "10.8.0.1").queryParam("token", "forged").when().get("/api/v1/opt-outs")
                .then().statusCode(400);
    }

    @Test
    void messagesAreCountedByChannelTypeAndStatus() {
        TestSupport.Person person = support.person("en");
        UUID registration = submitted(person);
        await().atMost(WAIT).until(() -> support.notification(registration, NotificationType.CONFIRMATION, Channel.EMAIL)
                .filter(n -> n.status == NotificationStatus.SENT).isPresent());
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("clinic_notifications_total{channel=\"EMAIL\",status=\"SENT\",type=\"CONFIRMATION\"}"));
    }
}
