package hk.clinic.allinone.support;

import hk.clinic.allinone.Platform;
import hk.clinic.allinone.support.SteadyLoad.Accepted;
import io.restassured.path.json.JsonPath;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * What reached people, as the receiving side saw it: mails the SMTP server accepted and WhatsApp / SMS sends the
 * provider stub accepted (answered 2xx), per registration of a {@link SteadyLoad}. Fault tests book people who
 * get nothing but the confirmation (their appointments are weeks away), so every message to them is one.
 */
public final class Deliveries {

    /** Messages one person received, per channel. */
    public record Count(int emails, int whatsApp, int sms) {

        public boolean confirmedOnce() {
            return emails == 1 && whatsApp == 1 && sms == 0;
        }
    }

    /** Totals over a set of registrations, for the counts a fault test prints and RELIABILITY.md quotes. */
    public record Summary(int registrations, int confirmedOnce, int lost, int duplicated) {
    }

    private final String mailApi;
    private final String providers;

    public Deliveries(Platform platform) {
        this.mailApi = platform.infra().endpoints().get("infra.mail-api-url");
        this.providers = platform.infra().providers().baseUrl();
    }

    /** Waits until every registration has at least one email and one WhatsApp message, then counts them all. */
    public Map<String, Count> awaitEachConfirmed(List<Accepted> accepted, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofSeconds(1)).until(() ->
                count(accepted).values().stream().allMatch(c -> c.emails() >= 1 && c.whatsApp() >= 1));
        return count(accepted);
    }

    /** Messages received so far by each registration's person, keyed by registration id. */
    public Map<String, Count> count(List<Accepted> accepted) {
        Map<String, Integer> emails = new HashMap<>();
        for (Map<String, Object> message : given().get(mailApi).then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("$")) {
            @SuppressWarnings("unchecked")
            List<String> to = (List<String>) message.get("to");
            to.forEach(address -> emails.merge(address, 1, Integer::sum));
        }
        List<String> whatsApp = acceptedBodies("/v[0-9.]+/[^/]+/messages.*");
        List<String> sms = acceptedBodies("/2010-04-01/Accounts/[^/]+/Messages\\.json.*");
        Map<String, Count> counts = new LinkedHashMap<>();
        for (Accepted a : accepted) {
            String digits = a.person().e164().substring(1);
            counts.put(a.id(), new Count(emails.getOrDefault(a.person().email(), 0),
                    (int) whatsApp.stream().filter(b -> b.contains("\"" + digits + "\"")).count(),
                    (int) sms.stream().filter(b -> b.contains("%2B" + digits)).count()));
        }
        return counts;
    }

    /**
     * What one person received, one entry per raw delivery, each as the key the receiving side can tell a
     * resend by: the mail's Message-ID, WhatsApp's {@code biz_opaque_callback_data}, Twilio's idempotency token.
     */
    public record Received(List<String> emailIds, List<String> whatsAppKeys, List<String> smsTokens) {

        public int raw() {
            return emailIds.size() + whatsAppKeys.size() + smsTokens.size();
        }

        public int distinct() {
            return new HashSet<>(emailIds).size() + new HashSet<>(whatsAppKeys).size() + new HashSet<>(smsTokens).size();
        }
    }

    /** Every message received so far by each registration's person, with its key, keyed by registration id. */
    public Map<String, Received> received(List<Accepted> accepted) {
        Map<String, List<String>> emails = new HashMap<>();
        for (Map<String, Object> message : given().get(mailApi).then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("$")) {
            @SuppressWarnings("unchecked")
            List<String> to = (List<String>) message.get("to");
            to.forEach(address -> emails.computeIfAbsent(address, a -> new ArrayList<>()).add((String) message.get("messageId")));
        }
        List<Map<String, Object>> whatsApp = acceptedRequests("/v[0-9.]+/[^/]+/messages.*");
        List<Map<String, Object>> sms = acceptedRequests("/2010-04-01/Accounts/[^/]+/Messages\\.json.*");
        Map<String, Received> received = new LinkedHashMap<>();
        for (Accepted a : accepted) {
            String digits = a.person().e164().substring(1);
            received.put(a.id(), new Received(emails.getOrDefault(a.person().email(), List.of()),
                    whatsApp.stream().filter(r -> String.valueOf(r.get("body")).contains("\"" + digits + "\""))
                            .map(r -> JsonPath.from(String.valueOf(r.get("body"))).getString("biz_opaque_callback_data")).toList(),
                    sms.stream().filter(r -> String.valueOf(r.get("body")).contains("%2B" + digits))
                            .map(r -> header(r, "I-Twilio-Idempotency-Token")).toList()));
        }
        return received;
    }

    public static Summary summarize(Map<String, Count> counts) {
        int once = 0;
        int lost = 0;
        int duplicated = 0;
        for (Count c : counts.values()) {
            if (c.confirmedOnce()) {
                once++;
            }
            if (c.emails() == 0 || c.whatsApp() + c.sms() == 0) {
                lost++;
            }
            if (c.emails() > 1 || c.whatsApp() + c.sms() > 1) {
                duplicated++;
            }
        }
        return new Summary(counts.size(), once, lost, duplicated);
    }

    /** Bodies of the provider stub's requests to this URL that it answered with a 2xx. */
    private List<String> acceptedBodies(String urlRegex) {
        return acceptedRequests(urlRegex).stream().map(r -> String.valueOf(r.get("body"))).toList();
    }

    private static String header(Map<String, Object> request, String name) {
        @SuppressWarnings("unchecked")
        Map<String, Object> headers = (Map<String, Object>) request.get("headers");
        return headers == null ? null : headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                .map(h -> String.valueOf(h.getValue())).findFirst().orElse(null);
    }

    /**
     * The provider stub's requests to this URL that it answered (or, delayed past the sender's timeout, would
     * have answered) with a 2xx: what a real provider may have accepted.
     */
    private List<Map<String, Object>> acceptedRequests(String urlRegex) {
        JsonPath journal = given().get(providers + "/__admin/requests").then().statusCode(200).extract().jsonPath();
        return journal.<Map<String, Object>>getList("requests").stream()
                .filter(r -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> request = (Map<String, Object>) r.get("request");
                    @SuppressWarnings("unchecked")
                    Map<String, Object> response = (Map<String, Object>) r.get("responseDefinition");
                    int status = ((Number) response.get("status")).intValue();
                    return String.valueOf(request.get("url")).matches(urlRegex) && status >= 200 && status < 300;
                })
                .map(r -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> request = (Map<String, Object>) r.get("request");
                    return request;
                })
                .toList();
    }
}
