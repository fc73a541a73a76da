package hk.clinic.allinone;

import hk.clinic.allinone.support.Clinic;
import hk.clinic.allinone.support.Clinic.Person;
import hk.clinic.allinone.support.Clinic.Registered;
import hk.clinic.allinone.support.Clinic.Slot;
import hk.clinic.allinone.support.MailBox;
import hk.clinic.allinone.support.RunningPlatform;
import hk.clinic.infra.StaffKeys;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who gets in, across the three packaged services: staff tokens (missing, expired, signed with another key,
 * without the staff group), manage tokens (another registration's, replayed after cancel, guessed), CORS
 * preflights, and that no name, phone or email of the people registered here reaches a log file or /q/metrics.
 */
@ExtendWith(RunningPlatform.class)
class SecurityTest {

    private static final String PROBLEM = "application/problem+json";

    private final Platform platform = RunningPlatform.platform();
    private final Clinic clinic = new Clinic(platform);
    private final String booking = clinic.booking;
    private final String content = clinic.content;
    private final String notification = clinic.notification;

    record StaffCall(String service, String method, String path, String body) {
    }

    /** Every staff operation of the three services' openapi.yaml. */
    private List<StaffCall> staffCalls() {
        String id = UUID.randomUUID().toString();
        return List.of(
                new StaffCall(booking, "GET", "/api/v1/staff/registrations", null),
                new StaffCall(booking, "POST", "/api/v1/staff/registrations/" + id + "/attendance", "{\"status\":\"ATTENDED\"}"),
                new StaffCall(booking, "DELETE", "/api/v1/staff/registrations/" + id, null),
                new StaffCall(booking, "POST", "/api/v1/staff/personal-data/export", "{\"phone\":\"+852 9400 0001\"}"),
                new StaffCall(booking, "POST", "/api/v1/staff/personal-data/erasure", "{\"phone\":\"+852 9400 0001\"}"),
                new StaffCall(content, "GET", "/api/v1/staff/guides/complete-milia-removal/drafts/en", null),
                new StaffCall(content, "PUT", "/api/v1/staff/guides/complete-milia-removal/drafts/en", "{}"),
                new StaffCall(content, "POST", "/api/v1/staff/guides/complete-milia-removal/publish", "{}"),
                new StaffCall(content, "GET", "/api/v1/staff/guides/complete-milia-removal/versions", null),
                new StaffCall(notification, "GET", "/api/v1/staff/clock", null),
                new StaffCall(notification, "POST", "/api/v1/staff/clock", "{\"advanceBy\":\"PT1H\"}"),
                new StaffCall(notification, "GET", "/api/v1/staff/notifications", null),
                new StaffCall(notification, "POST", "/api/v1/staff/notifications/" + id + "/cancel", null),
                new StaffCall(notification, "POST", "/api/v1/staff/notifications/" + id + "/retry", null));
    }

    @Test
    void staffEndpointsRefuseMissingExpiredForeignAndWrongGroupTokens() {
        StaffKeys platformKeys = platform.infra().staffKeys();
        Map<String, String> unauthenticated = Map.of(
                "no token", "",
                "not a JWT", "Bearer not-a-token",
                "expired", "Bearer " + platformKeys.mint("local-staff", List.of("staff"), Duration.ofMinutes(-10)),
                "signed with another key", "Bearer " + StaffKeys.generate().mint("local-staff", List.of("staff"), Duration.ofHours(1)),
                "basic auth", "Basic c3RhZmY6c3RhZmY=");
        String validStaff = "Bearer " + platform.staffToken(Duration.ofMinutes(5));
        String clockBefore = given().header("Authorization", validStaff).get(notification + "/api/v1/staff/clock")
                .then().statusCode(200).extract().jsonPath().getString("offset");
        String patientToken = "Bearer " + platformKeys.mint("someone", List.of("patient"), Duration.ofHours(1));
        int refused = 0;
        for (StaffCall call : staffCalls()) {
            for (Map.Entry<String, String> token : unauthenticated.entrySet()) {
                send(call, token.getValue()).then().log().ifValidationFails()
                        .statusCode(401).contentType(startsWith(PROBLEM)).body("status", equalTo(401));
                refused++;
            }
            send(call, patientToken).then().log().ifValidationFails()
                    .statusCode(403).contentType(startsWith(PROBLEM)).body("status", equalTo(403));
            refused++;
        }
        System.out.printf("SecurityTest: %d staff requests with a bad token, all refused with 401/403%n", refused);
        // The clock was never moved by a refused request.
        given().header("Authorization", validStaff).get(notification + "/api/v1/staff/clock")
                .then().statusCode(200).body("offset", equalTo(clockBefore));
    }

    @Test
    void manageTokensOnlyOpenTheirOwnRegistrationAndDoNothingAfterCancel() throws SQLException {
        Person alice = Person.next("en");
        Person bob = Person.next("en");
        Registered a = register(alice, 0);
        Registered b = register(bob, 1);
        Map<String, String> later = Map.of("preferredDate", openSlot(6).date().toString(), "preferredTime", openSlot(6).time());

        // A's token on B's registration: read, reschedule and cancel are all refused; B is unchanged.
        given().header("X-Manage-Token", a.manageToken()).get(booking + "/api/v1/registrations/" + b.id())
                .then().statusCode(anyOf(is(403), is(404))).contentType(startsWith(PROBLEM));
        given().header("X-Manage-Token", a.manageToken()).contentType(ContentType.JSON).body(later)
                .patch(booking + "/api/v1/registrations/" + b.id())
                .then().statusCode(anyOf(is(403), is(404))).contentType(startsWith(PROBLEM));
        given().header("X-Manage-Token", a.manageToken()).delete(booking + "/api/v1/registrations/" + b.id())
                .then().statusCode(anyOf(is(403), is(404))).contentType(startsWith(PROBLEM));
        given().header("X-Manage-Token", b.manageToken()).get(booking + "/api/v1/registrations/" + b.id())
                .then().statusCode(200).body("status", equalTo("SUBMITTED")).body("preferredDate", equalTo(b.date()));

        // Guessed tokens: random, empty, B's id, A's token with one character changed.
        String tampered = a.manageToken().substring(0, a.manageToken().length() - 1)
                + (a.manageToken().endsWith("A") ? "B" : "A");
        for (String guess : List.of(UUID.randomUUID().toString(), "", a.id(), tampered, a.manageToken().toUpperCase())) {
            if (guess.equals(a.manageToken())) {
                continue;
            }
            given().header("X-Manage-Token", guess).contentType(ContentType.JSON).body(later)
                    .patch(booking + "/api/v1/registrations/" + a.id())
                    .then().statusCode(anyOf(is(400), is(401), is(403), is(404))).contentType(startsWith(PROBLEM));
        }

        // Cancel A, then replay its token: no reschedule, no second cancellation event.
        given().header("X-Manage-Token", a.manageToken()).delete(booking + "/api/v1/registrations/" + a.id())
                .then().statusCode(200).body("status", equalTo("CANCELLED"));
        given().header("X-Manage-Token", a.manageToken()).contentType(ContentType.JSON).body(later)
                .patch(booking + "/api/v1/registrations/" + a.id())
                .then().statusCode(anyOf(is(403), is(404), is(409), is(410))).contentType(startsWith(PROBLEM));
        Response replay = given().header("X-Manage-Token", a.manageToken()).delete(booking + "/api/v1/registrations/" + a.id());
        assertTrue(replay.statusCode() == 200 || replay.statusCode() >= 400 && replay.statusCode() < 500, "replayed cancel: " + replay.statusCode());
        given().header("X-Manage-Token", a.manageToken()).get(booking + "/api/v1/registrations/" + a.id())
                .then().statusCode(anyOf(is(200), is(403), is(404), is(410)));
        assertEquals(List.of("clinic.booking.registration.submitted.v1", "clinic.booking.registration.cancelled.v1"), eventTypes(a.id()));
        assertEquals(List.of("clinic.booking.registration.submitted.v1"), eventTypes(b.id()));
        assertEquals(a.date(), storedDate(a.id()), "the cancelled registration kept its date");
    }

    /** Fields the server owns can't be set by the client: unknown fields are ignored, never bound. */
    @Test
    void aRegistrationCannotSetItsOwnIdStatusOrManageToken() {
        Person person = Person.next("en");
        Slot slot = openSlot(7);
        String chosenId = UUID.randomUUID().toString();
        Response response = given().contentType(ContentType.JSON).body(Map.ofEntries(
                        Map.entry("id", chosenId), Map.entry("status", "ATTENDED"), Map.entry("manageToken", "chosen-token"),
                        Map.entry("treatmentCode", "acne-treatment-trial"), Map.entry("branchCode", "central"),
                        Map.entry("preferredDate", slot.date().toString()), Map.entry("preferredTime", slot.time()),
                        Map.entry("fullName", person.fullName()), Map.entry("phone", person.phone()),
                        Map.entry("email", person.email()), Map.entry("language", "en"),
                        Map.entry("consent", Map.of("termsVersion", "2025-10", "privacyVersion", "2025-10", "accepted", true))))
                .post(booking + "/api/v1/registrations");
        // Unknown fields are ignored, so the registration itself is accepted: on the server's terms.
        response.then().statusCode(201);
        assertTrue(!response.jsonPath().getString("id").equals(chosenId), "the server chose the id");
        assertEquals("SUBMITTED", response.jsonPath().getString("status"));
        assertTrue(!"chosen-token".equals(response.jsonPath().getString("manageToken")), "the server chose the token");
        given().header("X-Manage-Token", "chosen-token").get(booking + "/api/v1/registrations/" + response.jsonPath().getString("id"))
                .then().statusCode(anyOf(is(403), is(404))).contentType(startsWith(PROBLEM));
        // What carries personal data and the one-time token must not be kept by any cache.
        response.then().header("Cache-Control", "no-store");
    }

    @Test
    void everyServiceSendsSecurityHeaders() {
        for (String url : List.of(booking + "/api/v1/treatments", content + "/api/v1/guides",
                notification + "/api/v1/staff/notifications", booking + "/q/health/ready")) {
            given().get(url).then()
                    .header("X-Content-Type-Options", "nosniff")
                    .header("X-Frame-Options", "DENY")
                    .header("Referrer-Policy", "no-referrer");
        }
        given().get(booking + "/api/v1/staff/registrations").then().statusCode(401).header("Cache-Control", "no-store");
        given().get(notification + "/api/v1/staff/notifications").then().statusCode(401).header("Cache-Control", "no-store");
        // Public content stays cacheable by CDNs: the no-store rule is booking's and notification's only.
        given().get(content + "/api/v1/guides").then().statusCode(200).header("Cache-Control", containsString("public"));
    }

    @Test
    void corsPreflightsRefuseUnknownOriginsAndAllowTheConfiguredOne() {
        // The platform runs the services' "local" profile, whose allowed origins are the local front ends
        // (%dev,local.quarkus.http.cors.origins); production allows https://www.clinic.hk and https://app.clinic.hk.
        for (String base : List.of(booking, content, notification)) {
            for (String evil : List.of("https://evil.example", "https://www.clinic.hk.evil.example", "null", "http://localhost:3000.evil.example")) {
                Response preflight = given().header("Origin", evil).header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "content-type")
                        .options(base + "/api/v1/registrations");
                String allowed = preflight.header("Access-Control-Allow-Origin");
                assertTrue(allowed == null || !allowed.equals(evil) && !allowed.equals("*"),
                        base + " allowed " + evil + ": " + preflight.statusCode() + " " + allowed);
                given().header("Origin", evil).get(base + "/q/health/live")
                        .then().header("Access-Control-Allow-Origin", anyOf(nullValue(), not(equalTo(evil))));
            }
            given().header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "content-type")
                    .options(base + "/api/v1/registrations")
                    .then().statusCode(200).header("Access-Control-Allow-Origin", "http://localhost:3000");
        }
    }

    @Test
    void noNamePhoneOrEmailOfThePeopleRegisteredAppearsInLogsOrMetrics() throws IOException {
        MailBox mail = new MailBox(platform.infra().endpoints().get("infra.mail-api-url"));
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Person person = Person.next("en");
            people.add(person);
            register(person, 2 + i);
        }
        // Wait until notification-service has handled them (its logs are the likeliest place for a leak).
        for (Person person : people) {
            await().atMost(Duration.ofSeconds(60)).until(() -> mail.to(person.email()).size() == 1);
        }
        List<String> leaks = new ArrayList<>();
        for (String service : Platform.SERVICES) {
            String log = Files.readString(platform.service(service).logFile(), StandardCharsets.UTF_8);
            assertTrue(log.contains("started in"), service + " log is the running service's");
            String metrics = given().get(platform.service(service).baseUrl() + "/q/metrics").then().statusCode(200).extract().asString();
            for (Person p : people) {
                for (String secret : p.secrets()) {
                    if (log.contains(secret)) {
                        leaks.add(service + " log holds " + secret);
                    }
                    if (metrics.contains(secret)) {
                        leaks.add(service + " metrics hold " + secret);
                    }
                }
            }
        }
        assertEquals(List.of(), leaks);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    /** A registration of the free trial at the Central branch, in the n-th open slot. */
    private Registered register(Person person, int skip) {
        return clinic.register(person, "acne-treatment-trial", "central", openSlot(skip));
    }

    private Slot openSlot(int skip) {
        return clinic.openSlot("acne-treatment-trial", "central", skip);
    }

    private Response send(StaffCall call, String authorization) {
        var request = given();
        if (!authorization.isEmpty()) {
            request = request.header("Authorization", authorization);
        }
        if (call.body() != null) {
            request = request.contentType(ContentType.JSON).body(call.body());
        }
        return request.request(call.method(), call.service() + call.path());
    }

    private List<String> eventTypes(String registrationId) throws SQLException {
        try (Connection admin = DriverManager.getConnection(platform.infra().postgres().jdbcUrl(), "postgres", "");
             PreparedStatement q = admin.prepareStatement("SELECT type FROM booking.outbox_event WHERE aggregate_id = ?::uuid ORDER BY seq")) {
            q.setString(1, registrationId);
            List<String> types = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    types.add(rs.getString(1));
                }
            }
            return types;
        }
    }

    private String storedDate(String registrationId) throws SQLException {
        try (Connection admin = DriverManager.getConnection(platform.infra().postgres().jdbcUrl(), "postgres", "");
             PreparedStatement q = admin.prepareStatement("SELECT slot_date::text FROM booking.registration WHERE id = ?::uuid")) {
            q.setString(1, registrationId);
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }
    }
}
