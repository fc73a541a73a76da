package hk.clinic.allinone.support;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;

import java.util.List;
import java.util.Map;

/** The requests the WhatsApp / SMS provider stub (WireMock) received, through its admin API. */
public final class ProviderRequests {

    private final String baseUrl;

    public ProviderRequests(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    private static final String WHATSAPP = "/v[0-9.]+/[^/]+/messages";

    /** WhatsApp Cloud API message sends whose JSON body names this recipient (digits of the E.164 number). */
    public List<String> whatsAppTo(String e164) {
        return bodies(WHATSAPP, e164.replace("+", ""));
    }

    /** The W3C traceparent header of each WhatsApp send to this recipient (null for a send without one). */
    public List<String> whatsAppTraceParentsTo(String e164) {
        return requests(WHATSAPP, e164.replace("+", "")).stream().map(r -> {
            Object headers = r.get("headers");
            if (headers instanceof Map<?, ?> h) {
                for (Map.Entry<?, ?> e : h.entrySet()) {
                    if ("traceparent".equalsIgnoreCase(String.valueOf(e.getKey()))) {
                        return String.valueOf(e.getValue());
                    }
                }
            }
            return null;
        }).toList();
    }

    /** Twilio message sends whose form body names this recipient. */
    public List<String> smsTo(String e164) {
        return bodies("/2010-04-01/Accounts/[^/]+/Messages.json", e164.replace("+", "%2B"));
    }

    private List<String> bodies(String urlPathPattern, String mustContain) {
        return requests(urlPathPattern, mustContain).stream().map(r -> String.valueOf(r.get("body"))).toList();
    }

    private List<Map<String, Object>> requests(String urlPathPattern, String bodyMustContain) {
        List<Map<String, Object>> requests = RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("method", "POST", "urlPathPattern", urlPathPattern))
                .post(baseUrl + "/__admin/requests/find")
                .then().statusCode(200).extract().jsonPath().getList("requests");
        return requests.stream().filter(r -> String.valueOf(r.get("body")).contains(bodyMustContain)).toList();
    }
}
