package hk.clinic.allinone.support;

import hk.clinic.allinone.Platform;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the system tests do as a clinic's users do: find a free slot, register, read a timeline. */
public final class Clinic {

    public static final ZoneId HONG_KONG = ZoneId.of("Asia/Hong_Kong");

    public final String booking;
    public final String content;
    public final String notification;
    /** An Authorization header value with a valid staff token. */
    public final String staff;

    public Clinic(Platform platform) {
        booking = platform.service("booking").baseUrl();
        content = platform.service("content").baseUrl();
        notification = platform.service("notification").baseUrl();
        staff = "Bearer " + platform.staffToken(Duration.ofHours(1));
    }

    /** A person nobody else in the run shares a phone, email or (in English) a name with. */
    public record Person(String fullName, String phone, String e164, String email, String language) {

        public static Person next(String language) {
            // 94, 96 or 97 followed by six digits: HK mobile ranges that libphonenumber accepts.
            String digits = "9" + List.of(4, 6, 7).get(ThreadLocalRandom.current().nextInt(3))
                    + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
            String tag = UUID.randomUUID().toString().substring(0, 8);
            String surname = "Qx" + tag.replaceAll("[0-9]", "").toLowerCase() + "zet";
            return new Person(language.equals("zh-HK") ? "陳大文" : "Wilhelmina " + surname,
                    "+852 " + digits.substring(0, 4) + " " + digits.substring(4), "+852" + digits,
                    "person-" + tag + "@example.com", language);
        }

        /** Every form of their contact data that must never show in a log line or a metric. */
        public List<String> secrets() {
            List<String> secrets = new ArrayList<>(List.of(phone, e164, e164.substring(4), email,
                    email.substring(0, email.indexOf('@'))));
            if (!language.equals("zh-HK")) {
                secrets.add(fullName);
                secrets.add(fullName.split(" ")[1]);
            }
            return secrets;
        }
    }

    public record Slot(LocalDate date, String time, LocalDate minimalDate) {
    }

    public record Registered(String id, String manageToken, Slot slot) {

        public String date() {
            return slot.date().toString();
        }
    }

    /** The n-th slot (in date and time order) that still has a place, from the minimal date on. */
    public Slot openSlot(String treatment, String branch, int skip) {
        List<Slot> open = openSlots(treatment, branch);
        assertTrue(open.size() > skip, "enough open slots in the next three weeks");
        return open.get(skip);
    }

    /** Every slot of the next three weeks that still has a place, from the minimal date on, in date and time order. */
    public List<Slot> openSlots(String treatment, String branch) {
        LocalDate today = LocalDate.now(HONG_KONG);
        JsonPath availability = given().queryParam("treatment", treatment).queryParam("branch", branch)
                .queryParam("from", today.plusDays(1).toString()).queryParam("to", today.plusDays(21).toString())
                .get(booking + "/api/v1/availability").then().statusCode(200).extract().jsonPath();
        LocalDate minimal = LocalDate.parse(availability.getString("minimalDate"));
        List<Slot> open = new ArrayList<>();
        for (Map<String, Object> day : availability.<Map<String, Object>>getList("days")) {
            LocalDate date = LocalDate.parse((String) day.get("date"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> slots = (List<Map<String, Object>>) day.get("slots");
            for (Map<String, Object> slot : slots) {
                if (!date.isBefore(minimal) && ((Number) slot.get("remaining")).intValue() > 0) {
                    open.add(new Slot(date, (String) slot.get("time"), minimal));
                }
            }
        }
        return open;
    }

    /** Registers the person as the guide's form does, and expects the 201. */
    public Registered register(Person person, String treatment, String branch, Slot slot) {
        Response response = registration(booking, Map.of(), person, treatment, branch, slot);
        response.then().log().ifValidationFails().statusCode(201);
        return new Registered(response.jsonPath().getString("id"), response.jsonPath().getString("manageToken"), slot);
    }

    /** The guide form's registration request to the booking instance at {@code bookingUrl}, whatever the answer. */
    public Response registration(String bookingUrl, Map<String, String> headers, Person person, String treatment,
                                 String branch, Slot slot) {
        return given().headers(headers).contentType(ContentType.JSON).body(Map.ofEntries(
                        Map.entry("treatmentCode", treatment), Map.entry("branchCode", branch),
                        Map.entry("preferredDate", slot.date().toString()), Map.entry("preferredTime", slot.time()),
                        Map.entry("fullName", person.fullName()), Map.entry("phone", person.phone()),
                        Map.entry("email", person.email()), Map.entry("language", person.language()),
                        Map.entry("consent", Map.of("termsVersion", "2025-10", "privacyVersion", "2025-10", "accepted", true)),
                        Map.entry("marketingOptIn", false),
                        Map.entry("source", Map.of("channel", "web", "campaign", "milia-guide"))))
                .post(bookingUrl + "/api/v1/registrations");
    }

    /** notification-service's staff timeline of one registration. */
    public List<Map<String, Object>> timeline(String registrationId) {
        return given().header("Authorization", staff).queryParam("registrationId", registrationId)
                .get(notification + "/api/v1/staff/notifications").then().statusCode(200)
                .extract().jsonPath().getList("items");
    }
}
