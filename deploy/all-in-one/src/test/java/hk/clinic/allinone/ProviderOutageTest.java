package hk.clinic.allinone;

import hk.clinic.allinone.support.Clinic;
import hk.clinic.allinone.support.Clinic.Person;
import hk.clinic.allinone.support.Clinic.Registered;
import hk.clinic.allinone.support.MailBox;
import hk.clinic.allinone.support.RunningPlatform;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    private static final int PEOPLE = 4;

    private final Platform platform = RunningPlatform.platform();
    private final Clinic clinic = new Clinic(platform);
    private final String providers = platform.infra().providers().baseUrl();
    private final MailBox mail = new MailBox(platform.infra().endpoints().get("infra.mail-api-url"));

    @Test
    void confirmationsAcceptedDuringAProviderOutageGoOutExactlyOnceWhenItRecovers() {
        List<String> outage = new ArrayList<>();
        List<Person> people = new ArrayList<>();
        List<Registered> registrations = new ArrayList<>();
        try {
            outage.add(stub("/v[0-9.]+/[^/]+/messages"));
            outage.add(stub("/2010-04-01/Accounts/[^/]+/Messages.json"));
            for (int i = 0; i < PEOPLE; i++) {
                Person person = Person.next("en");
                people.add(person);
                registrations.add(clinic.register(person, "acne-treatment-trial", "tsim-sha-tsui",
                        clinic.openSlot("acne-treatment-trial", "tsim-sha-tsui", i)));
            }
            // Each WhatsApp confirmation has been tried and refused at least once before the providers recover.
            for (Registered r : registrations) {
                await().atMost(Duration.ofSeconds(60)).until(() -> whatsAppConfirmations(r.id()).stream()
                        .anyMatch(n -> ((Number) n.get("attempts")).intValue() >= 1 && !"SENT".equals(n.get("status"))));
            }
        } finally {
            outage.forEach(id -> given().delete(providers + "/__admin/mappings/" + id).then().statusCode(200));
        }
        int failedAttempts = 0;
        int confirmationsOut = 0;
        for (int i = 0; i < PEOPLE; i++) {
            Person person = people.get(i);
            Registered r = registrations.get(i);
            await().atMost(Duration.ofSeconds(150)).until(() -> whatsAppConfirmations(r.id()).stream()
                    .anyMatch(n -> "SENT".equals(n.get("status"))));
            List<Map<String, Object>> timeline = clinic.timeline(r.id());
            List<Map<String, Object>> confirmations = timeline.stream().filter(n -> n.get("type").equals("CONFIRMATION")).toList();
            assertEquals(1, confirmations.stream().filter(n -> n.get("channel").equals("WHATSAPP")).count(), confirmations.toString());
            assertEquals(1, confirmations.stream().filter(n -> n.get("channel").equals("EMAIL")).count(), confirmations.toString());
            assertTrue(confirmations.stream().noneMatch(n -> n.get("channel").equals("SMS")), "no SMS fallback for a transient outage");
            assertEquals(1, mail.to(person.email()).size(), "one confirmation email");
            List<Integer> answers = providerAnswersFor(person.e164().substring(1));
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
        return clinic.timeline(registrationId).stream()
                .filter(n -> n.get("type").equals("CONFIRMATION") && n.get("channel").equals("WHATSAPP")).toList();
    }
}
