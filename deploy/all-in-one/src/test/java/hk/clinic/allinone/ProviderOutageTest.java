package hk.clinic.allinone;

import hk.clinic.allinone.support.MailBox;
import hk.clinic.allinone.support.RunningPlatform;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WhatsApp and SMS providers answer 500 for a while, then recover: every registration accepted meanwhile
 * still gets exactly one confirmation per channel, none lost and none doubled.
 */
@ExtendWith(RunningPlatform.class)
class ProviderOutageTest {

    private static final ZoneId HONG_KONG = ZoneId.of("Asia/Hong_Kong");
    private static final int PEOPLE = 4;

    private final Platform platform = RunningPlatform.platform();
    private final String booking = platform.service("booking").baseUrl();
    private final String notification = platform.service("notification").baseUrl();
    private final String providers = platform.infra().providers().baseUrl();
    private final MailBox mail = new MailBox(platform.infra().endpoints().get("infra.mail-api-url"));
    private final String staff = "Bearer " + platform.staffToken(Duration.ofHours(1));

    @Test
    void confirmationsAcceptedDuringAProviderOutageGoOutExactlyOnceWhenItRecovers() {
        List<String> outage = new ArrayList<>();
        List<String[]> people = new ArrayList<>(); // {registrationId, e164 digits, email}
        try {
            outage.add(stub("/v[0-9.]+/[^/]+/messages"));
            outage.add(stub("/2010-04-01/Accounts/[^/]+/Messages.json"));
            for (int i = 0; i < PEOPLE; i++) {
                people.add(register(i));
            }
            // Each WhatsApp confirmation has been tried and refused at least once before the providers recover.
            for (String[] p : people) {
                await().atMost(Duration.ofSeconds(60)).until(() -> whatsAppConfirmations(p[0]).stream()
                        .anyMatch(n -> ((Number) n.get("attempts")).intValue() >= 1 && !"SENT".equals(n.get("status"))));
            }
        } finally {
            outage.forEach(id -> given().delete(providers + "/__admin/mappings/" + id).then().statusCode(200));
        }
        int failedAttempts = 0;
        int confirmationsOut = 0;
        for (String[] p : people) {
            await().atMost(Duration.ofSeconds(150)).until(() -> whatsAppConfirmations(p[0]).stream()
                    .anyMatch(n -> "SENT".equals(n.get("status"))));
            List<Map<String, Object>> timeline = timeline(p[0]);
            List<Map<String, Object>> confirmations = timeline.stream().filter(n -> n.get("type").equals("CONFIRMATION")).toList();
            assertEquals(1, confirmations.stream().filter(n -> n.get("channel").equals("WHATSAPP")).count(), confirmations.toString());
            assertEquals(1, confirmations.stream().filter(n -> n.get("channel").equals("EMAIL")).count(), confirmations.toString());
            assertTrue(confirmations.stream().noneMatch(n -> n.get("channel").equals("SMS")), "no SMS fallback for a transient outage");
            assertEquals(1, mail.to(p[2]).size(), "one confirmation email");
            List<Integer> answers = providerAnswersFor(p[1]);
            assertEquals(1, answers.stream().filter(s -> s < 300).count(), "one WhatsApp message delivered: " + answers);
            failedAttempts += (int) answers.stream().filter(s -> s >= 500).count();
            confirmationsOut++;
        }
        System.out.printf("ProviderOutageTest: %d registrations in, %d WhatsApp confirmations out (+%d emails), %d provider 500s absorbed, 0 duplicates, 0 lost%n",
                people.size(), confirmationsOut, people.size(), failedAttempts);
        assertTrue(failedAttempts >= PEOPLE, "the outage was real");
    }

    private String stub(String urlPathPattern) {
        return given().contentType(ContentType.JSON).body(Map.of("priority", 1,
                        "request", Map.of("method", "POST", "urlPathPattern", urlPathPattern),
                        "response", Map.of("status", 500, "body", "provider down")))
                .post(providers + "/__admin/mappings").then().statusCode(201).extract().jsonPath().getString("id");
    }

    /** The provider stub's answers (status codes) to WhatsApp sends naming this number. */
    private List<Integer> providerAnswersFor(String digits) {
        List<Map<String, Object>> requests = given().get(providers + "/__admin/requests").then().statusCode(200)
                .extract().jsonPath().getList("requests");
        List<Integer> statuses = new ArrayList<>();
        for (Map<String, Object> r : requests) {
            @SuppressWarnings("unchecked")
            Map<String, Object> request = (Map<String, Object>) r.get("request");
            @SuppressWarnings("unchecked")
            Map<String, Object> response = (Map<String, Object>) r.get("responseDefinition");
            if (String.valueOf(request.get("url")).matches("/v[0-9.]+/[^/]+/messages.*")
                    && String.valueOf(request.get("body")).contains(digits)) {
                statuses.add(((Number) response.get("status")).intValue());
            }
        }
        return statuses;
    }

    private List<Map<String, Object>> whatsAppConfirmations(String registrationId) {
        return timeline(registrationId).stream()
                .filter(n -> n.get("type").equals("CONFIRMATION") && n.get("channel").equals("WHATSAPP")).toList();
    }

    private List<Map<String, Object>> timeline(String registrationId) {
        return given().header("Authorization", staff).queryParam("registrationId", registrationId)
                .get(notification + "/api/v1/staff/notifications").then().statusCode(200)
                .extract().jsonPath().getList("items");
    }

    private String[] register(int skip) {
        LocalDate today = LocalDate.now(HONG_KONG);
        JsonPath availability = given().queryParam("treatment", "acne-treatment-trial").queryParam("branch", "tsim-sha-tsui")
                .queryParam("from", today.plusDays(1).toString()).queryParam("to", today.plusDays(21).toString())
                .get(booking + "/api/v1/availability").then().statusCode(200).extract().jsonPath();
        LocalDate minimal = LocalDate.parse(availability.getString("minimalDate"));
        List<String[]> open = new ArrayList<>();
        for (Map<String, Object> day : availability.<Map<String, Object>>getList("days")) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> slots = (List<Map<String, Object>>) day.get("slots");
            for (Map<String, Object> slot : slots) {
                if (!LocalDate.parse((String) day.get("date")).isBefore(minimal) && ((Number) slot.get("remaining")).intValue() > 0) {
                    open.add(new String[] {(String) day.get("date"), (String) slot.get("time")});
                }
            }
        }
        String[] slot = open.get(skip);
        String digits = "9" + List.of(4, 6, 7).get(ThreadLocalRandom.current().nextInt(3))
                + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
        String email = "outage-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Response response = given().contentType(ContentType.JSON).body(Map.ofEntries(
                        Map.entry("treatmentCode", "acne-treatment-trial"), Map.entry("branchCode", "tsim-sha-tsui"),
                        Map.entry("preferredDate", slot[0]), Map.entry("preferredTime", slot[1]),
                        Map.entry("fullName", "Chan Siu Ming"), Map.entry("phone", "+852 " + digits),
                        Map.entry("email", email), Map.entry("language", "en"),
                        Map.entry("consent", Map.of("termsVersion", "2025-10", "privacyVersion", "2025-10", "accepted", true))))
                .post(booking + "/api/v1/registrations");
        response.then().log().ifValidationFails().statusCode(201);
        return new String[] {response.jsonPath().getString("id"), "852" + digits, email};
    }
}
