package hk.clinic.allinone.support;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

import java.util.List;
import java.util.Map;

/** What the SMTP server received, read through embedded-infra's mail API. */
public final class MailBox {

    private final String apiUrl;

    public MailBox(String apiUrl) {
        this.apiUrl = apiUrl;
    }

    /** Every message sent to this address: maps with subject, to, text, html, receivedAt. */
    public List<Map<String, Object>> to(String address) {
        JsonPath json = RestAssured.given().queryParam("to", address).get(apiUrl).then().statusCode(200).extract().jsonPath();
        return json.getList("$");
    }
}
