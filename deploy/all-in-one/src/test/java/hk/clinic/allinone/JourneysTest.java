package hk.clinic.allinone;

import hk.clinic.allinone.support.Clinic;
import hk.clinic.allinone.support.Clinic.Person;
import hk.clinic.allinone.support.Clinic.Registered;
import hk.clinic.allinone.support.Clinic.Slot;
import hk.clinic.allinone.support.MailBox;
import hk.clinic.allinone.support.ProviderRequests;
import hk.clinic.allinone.support.RunningPlatform;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The users' journeys across all three packaged services, over real HTTP, Kafka, PostgreSQL, SMTP (GreenMail)
 * and the provider stub (WireMock), as ./run-local.sh runs them.
 */
@ExtendWith(RunningPlatform.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JourneysTest {

    private static final ZoneId HONG_KONG = Clinic.HONG_KONG;
    private static final Duration EVENTUALLY = Duration.ofSeconds(60);
    private static final String GUIDE = "complete-milia-removal";
    private static final String BRANCH = "causeway-bay";

    private final Platform platform = RunningPlatform.platform();
    private final Clinic clinic = new Clinic(platform);
    private final String booking = clinic.booking;
    private final String content = clinic.content;
    private final MailBox mail = new MailBox(platform.infra().endpoints().get("infra.mail-api-url"));
    private final ProviderRequests providers = new ProviderRequests(platform.infra().providers().baseUrl());
    private final String staff = clinic.staff;

    /** Journey 1: read the guide in zh-HK, follow its free-trial CTA, register, hear back in Traditional Chinese. */
    @Test
    @Order(1)
    void aReaderOfTheChineseGuideRegistersForTheFreeTrialAndIsConfirmedInChinese() {
        JsonPath guide = given().header("Accept-Language", "zh-HK").get(content + "/api/v1/guides/" + GUIDE)
                .then().statusCode(200).header("Content-Language", "zh-HK").extract().jsonPath();
        List<String> ctaCodes = new ArrayList<>();
        collectCtaCodes(guide.get("sections"), ctaCodes);
        assertFalse(ctaCodes.isEmpty(), "the guide offers the free trial");
        String treatment = ctaCodes.get(0);
        assertEquals("acne-treatment-trial", treatment);

        Person person = Person.next("zh-HK");
        Slot slot = clinic.openSlot(treatment, BRANCH, 0);
        assertEquals(slot.date(), slot.minimalDate(), "the first bookable date is the minimal date");
        Registered registered = clinic.register(person, treatment, BRANCH, slot);

        String branchName = given().queryParam("locale", "zh-HK").get(booking + "/api/v1/branches").then().statusCode(200)
                .extract().jsonPath().getString("items.find { it.code == '" + BRANCH + "' }.name");
        await().atMost(EVENTUALLY).until(() -> mail.to(person.email()).size() == 1);
        Map<String, Object> email = mail.to(person.email()).get(0);
        String emailText = email.get("subject") + "\n" + email.get("text");
        assertTrue(emailText.contains(branchName), "the confirmation names the branch in Chinese: " + emailText);
        assertTrue(emailText.matches("(?s).*\\p{IsHan}{2,}.*"), "written in Chinese");

        await().atMost(EVENTUALLY).until(() -> !providers.whatsAppTo(person.e164()).isEmpty());
        String whatsApp = JsonPath.from(providers.whatsAppTo(person.e164()).get(0)).getString("text.body");
        assertTrue(whatsApp.contains(branchName), "the WhatsApp confirmation names the branch in Chinese: " + whatsApp);

        // The reminder goes 24 h before the slot; for a slot less than a day away the confirmation is the reminder.
        OffsetDateTime startsAt = slot.date().atTime(java.time.LocalTime.parse(slot.time())).atZone(HONG_KONG).toOffsetDateTime();
        long expectedReminders = startsAt.minusHours(24).isAfter(OffsetDateTime.now(HONG_KONG).plusMinutes(1)) ? 1 : 0;
        List<Map<String, Object>> timeline = clinic.timeline(registered.id());
        assertEquals(expectedReminders, timeline.stream().filter(n -> n.get("type").equals("REMINDER")
                && n.get("status").equals("SCHEDULED") && n.get("channel").equals("WHATSAPP")).count(), timeline.toString());
    }

    /** Journey 2: reschedule with the manage token, then cancel: both notices arrive, no reminder is left. */
    @Test
    @Order(2)
    void aPersonReschedulesThenCancelsWithTheManageToken() {
        Person person = Person.next("en");
        Registered registered = clinic.register(person, "acne-treatment-trial", BRANCH, clinic.openSlot("acne-treatment-trial", BRANCH, 1));
        await().atMost(EVENTUALLY).until(() -> mail.to(person.email()).size() == 1);

        Slot later = clinic.openSlot("acne-treatment-trial", BRANCH, 12);
        given().header("X-Manage-Token", registered.manageToken()).contentType(ContentType.JSON)
                .body(Map.of("preferredDate", later.date().toString(), "preferredTime", later.time()))
                .patch(booking + "/api/v1/registrations/" + registered.id())
                .then().statusCode(200).body("preferredDate", equalTo(later.date().toString()));
        await().atMost(EVENTUALLY).until(() -> sent(registered, "RESCHEDULE_NOTICE"));

        given().header("X-Manage-Token", registered.manageToken())
                .delete(booking + "/api/v1/registrations/" + registered.id())
                .then().statusCode(200);
        await().atMost(EVENTUALLY).until(() -> sent(registered, "CANCELLATION_NOTICE"));
        List<Map<String, Object>> timeline = clinic.timeline(registered.id());
        assertTrue(timeline.stream().noneMatch(n -> n.get("type").equals("REMINDER") && n.get("status").equals("SCHEDULED")),
                "no reminder left scheduled: " + timeline);
        long sentByWhatsApp = timeline.stream().filter(n -> n.get("channel").equals("WHATSAPP") && n.get("status").equals("SENT")).count();
        assertTrue(sentByWhatsApp >= 3, "confirmation, reschedule and cancellation notices by WhatsApp: " + timeline);
        assertEquals(sentByWhatsApp, providers.whatsAppTo(person.e164()).size(), "each reached the provider once");
    }

    /** Journey 3: staff mark the treatment attended; the aftercare series follows content's plan, the first message arrives. */
    @Test
    @Order(3)
    void attendanceStartsTheAftercareSeriesFromContentsPlan() {
        Person person = Person.next("en");
        String treatment = "acne-treatment-trial";
        Registered registered = clinic.register(person, treatment, BRANCH, clinic.openSlot(treatment, BRANCH, 2));
        await().atMost(EVENTUALLY).until(() -> mail.to(person.email()).size() == 1);

        OffsetDateTime treatedAt = OffsetDateTime.now(HONG_KONG).truncatedTo(ChronoUnit.SECONDS).minusMinutes(5);
        given().header("Authorization", staff).contentType(ContentType.JSON)
                .body(Map.of("status", "ATTENDED", "treatedAt", treatedAt.toString()))
                .post(booking + "/api/v1/staff/registrations/" + registered.id() + "/attendance")
                .then().statusCode(200);

        Set<Duration> planOffsets = given().get(content + "/api/v1/aftercare-plans/" + treatment).then().statusCode(200)
                .extract().jsonPath().getList("steps.offset", String.class).stream().map(Duration::parse).collect(Collectors.toSet());
        assertEquals(Set.of(Duration.ZERO, Duration.ofHours(48), Duration.ofDays(3), Duration.ofDays(7), Duration.ofDays(10)), planOffsets);
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            Set<Duration> scheduled = new HashSet<>();
            for (Map<String, Object> n : clinic.timeline(registered.id())) {
                if (n.get("type").equals("AFTERCARE")) {
                    Duration offset = Duration.between(treatedAt, OffsetDateTime.parse((String) n.get("dueAt")));
                    // The immediate step was due at the treatment time, already past: it goes out at once.
                    scheduled.add(offset.compareTo(Duration.ofMinutes(30)) < 0 ? Duration.ZERO : offset);
                }
            }
            assertEquals(planOffsets, scheduled, "aftercare due at the plan's offsets from the treatment time");
        });
        await().atMost(EVENTUALLY).until(() -> clinic.timeline(registered.id()).stream()
                .anyMatch(n -> n.get("type").equals("AFTERCARE") && n.get("status").equals("SENT")));
        // The first aftercare message reached the person's phone, with the plan's immediate instructions.
        String immediateTitle = given().get(content + "/api/v1/aftercare-plans/" + treatment).then().statusCode(200)
                .extract().jsonPath().getString("steps.find { it.offset == 'PT0S' }.title.en");
        await().atMost(EVENTUALLY).until(() -> providers.whatsAppTo(person.e164()).stream()
                .anyMatch(body -> JsonPath.from(body).getString("text.body").contains(immediateTitle)));
    }

    /** Journey 4: a registration made while notification-service is down is confirmed exactly once when it is back. */
    @Test
    @Order(4)
    void aRegistrationMadeWhileNotificationIsDownIsConfirmedOnceWhenItReturns() {
        ServiceProcess service = platform.service("notification");
        service.stop();
        Person person = Person.next("en");
        Registered registered;
        try {
            registered = clinic.register(person, "acne-treatment-trial", BRANCH, clinic.openSlot("acne-treatment-trial", BRANCH, 3));
        } finally {
            service.restart();
            service.awaitReady(Duration.ofMinutes(2));
        }
        await().atMost(EVENTUALLY).until(() -> mail.to(person.email()).size() == 1);
        assertExactlyOneConfirmationPerChannel(registered, person);
    }

    /** Journey 5: a registration made while Kafka is down succeeds; its confirmation arrives exactly once when Kafka is back. */
    @Test
    @Order(5)
    void aRegistrationMadeWhileKafkaIsDownIsConfirmedOnceWhenKafkaReturns() {
        Person person = Person.next("en");
        Slot slot = clinic.openSlot("acne-treatment-trial", BRANCH, 4);
        platform.infra().kafka().stop();
        Registered registered;
        try {
            registered = clinic.register(person, "acne-treatment-trial", BRANCH, slot);
        } finally {
            platform.infra().kafka().startServer();
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> mail.to(person.email()).size() == 1);
        assertExactlyOneConfirmationPerChannel(registered, person);
    }

    /** Journey 6: staff erase a person; neither booking nor notification holds their contact data any more. */
    @Test
    @Order(6)
    void erasingAPersonRemovesTheirContactDataFromBookingAndNotification() throws SQLException {
        Person person = Person.next("en");
        Registered registered = clinic.register(person, "acne-treatment-trial", BRANCH, clinic.openSlot("acne-treatment-trial", BRANCH, 6));
        await().atMost(EVENTUALLY).until(() -> mail.to(person.email()).size() == 1);
        assertTrue(rowsMentioning(person).size() > 0, "before erasure both services hold the contact data");

        given().header("Authorization", staff).contentType(ContentType.JSON).body(Map.of("phone", person.phone()))
                .post(booking + "/api/v1/staff/personal-data/erasure").then().statusCode(200);

        await().atMost(EVENTUALLY).untilAsserted(() ->
                assertEquals(List.of(), rowsMentioning(person), "rows still holding the person's phone, email or name"));
        given().header("Authorization", staff).contentType(ContentType.JSON).body(Map.of("phone", person.phone()))
                .post(booking + "/api/v1/staff/personal-data/export").then().statusCode(200)
                .body("registrations.size()", equalTo(0));
        assertFalse(registered.id().isEmpty());
    }

    /** Journey 7: every bookable treatment has an aftercare plan in content (the codes agree). */
    @Test
    @Order(7)
    void everyBookableTreatmentHasAnAftercarePlan() {
        List<String> codes = given().get(booking + "/api/v1/treatments").then().statusCode(200)
                .extract().jsonPath().getList("items.code", String.class);
        assertFalse(codes.isEmpty());
        for (String code : codes) {
            given().get(content + "/api/v1/aftercare-plans/" + code).then().statusCode(200).body("treatmentCode", equalTo(code));
        }
    }

    /**
     * Journey 8: a partner's app sends its trace with the registration (W3C traceparent); booking's outbox, Kafka
     * and notification carry it on, and the WhatsApp confirmation's provider call continues the same trace.
     */
    @Test
    @Order(8)
    void theCallersTraceFollowsTheRegistrationToTheProviderCall() {
        Person person = Person.next("en");
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String callerSpan = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        clinic.registration(booking, Map.of("traceparent", "00-" + traceId + "-" + callerSpan + "-01"), person,
                "acne-treatment-trial", BRANCH, clinic.openSlot("acne-treatment-trial", BRANCH, 7)).then().statusCode(201);

        await().atMost(EVENTUALLY).until(() -> !providers.whatsAppTraceParentsTo(person.e164()).isEmpty());
        String sent = providers.whatsAppTraceParentsTo(person.e164()).get(0);
        assertNotNull(sent, "the WhatsApp request carries a traceparent");
        assertTrue(sent.matches("00-" + traceId + "-[0-9a-f]{16}-[0-9a-f]{2}"), "the caller's trace, another span: " + sent);
        assertFalse(sent.contains(callerSpan), sent);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    /** The treatment codes of every registration call-to-action block, wherever it stands in the guide. */
    private static void collectCtaCodes(Object node, List<String> codes) {
        if (node instanceof Map<?, ?> map) {
            if ("registrationCta".equals(map.get("type"))) {
                codes.add((String) map.get("treatmentCode"));
            }
            map.values().forEach(v -> collectCtaCodes(v, codes));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collectCtaCodes(v, codes));
        }
    }

    private boolean sent(Registered registered, String type) {
        return clinic.timeline(registered.id()).stream().anyMatch(n -> n.get("type").equals(type) && n.get("status").equals("SENT"));
    }

    private void assertExactlyOneConfirmationPerChannel(Registered registered, Person person) {
        await().atMost(EVENTUALLY).until(() -> !providers.whatsAppTo(person.e164()).isEmpty());
        List<Map<String, Object>> confirmations = clinic.timeline(registered.id()).stream()
                .filter(n -> n.get("type").equals("CONFIRMATION")).toList();
        assertEquals(1, confirmations.stream().filter(n -> n.get("channel").equals("EMAIL")).count(), confirmations.toString());
        assertEquals(1, confirmations.stream().filter(n -> n.get("channel").equals("WHATSAPP")).count(), confirmations.toString());
        assertEquals(1, mail.to(person.email()).size(), "one confirmation email");
        long sentByWhatsApp = clinic.timeline(registered.id()).stream()
                .filter(n -> n.get("channel").equals("WHATSAPP") && n.get("status").equals("SENT")).count();
        assertEquals(sentByWhatsApp, providers.whatsAppTo(person.e164()).size(), "every WhatsApp message reached the provider once");
    }

    /** Every row, in booking's and notification's schemas, whose text mentions the person's phone, email or name. */
    private List<String> rowsMentioning(Person person) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection admin = DriverManager.getConnection(platform.infra().postgres().jdbcUrl(), "postgres", "")) {
            List<String> tables = new ArrayList<>();
            try (Statement s = admin.createStatement();
                 ResultSet rs = s.executeQuery("SELECT schemaname || '.' || tablename FROM pg_tables "
                         + "WHERE schemaname IN ('booking', 'notification') AND tablename <> 'flyway_schema_history'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            String digits = person.e164().substring(4);
            for (String table : tables) {
                try (PreparedStatement q = admin.prepareStatement("SELECT count(*) FROM " + table + " t "
                        + "WHERE t::text LIKE ? OR t::text LIKE ? OR t::text ILIKE ?")) {
                    q.setString(1, "%" + digits + "%");
                    q.setString(2, "%" + person.email() + "%");
                    q.setString(3, "%" + person.email().substring(0, person.email().indexOf('@')) + "%");
                    try (ResultSet rs = q.executeQuery()) {
                        rs.next();
                        if (rs.getInt(1) > 0) {
                            found.add(table + " (" + rs.getInt(1) + ")");
                        }
                    }
                }
            }
        }
        return found;
    }
}
