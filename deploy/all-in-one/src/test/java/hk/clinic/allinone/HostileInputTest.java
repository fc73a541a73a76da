package hk.clinic.allinone;

import hk.clinic.allinone.support.Http;
import hk.clinic.allinone.support.Http.Answer;
import hk.clinic.allinone.support.RunningPlatform;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input against every public and staff endpoint of the three packaged services (their committed
 * openapi.yaml): malformed and wrong-typed JSON, missing and extra fields, huge and deeply nested documents,
 * invalid UTF-8, control characters, SQL and script payloads, boundary dates and zones, enormous headers.
 * Every answer must be a 4xx (never a 5xx), a problem+json document when the service itself answers, and
 * nothing may be written. The cases are a fixed table plus a seeded random mutation of a valid registration,
 * so a failure is reproducible.
 */
@ExtendWith(RunningPlatform.class)
class HostileInputTest {

    private static final ZoneId HONG_KONG = ZoneId.of("Asia/Hong_Kong");
    /** Statuses the HTTP layer answers before any application code (no problem body possible there). */
    private static final List<Integer> CONNECTION_LEVEL = List.of(413, 414, 431);

    private final Platform platform = RunningPlatform.platform();
    private final String booking = platform.service("booking").baseUrl();
    private final String content = platform.service("content").baseUrl();
    private final String notification = platform.service("notification").baseUrl();
    private final String staff = "Bearer " + platform.staffToken(Duration.ofHours(1));

    record Case(String name, String service, String method, String path, Map<String, String> headers, byte[] body, boolean raw) {
    }

    private final List<Case> cases = new ArrayList<>();

    @Test
    void everyHostileRequestGetsA4xxProblemAndWritesNothing() throws SQLException {
        Map<String, String> valid = validRegistration();
        registrationCases(valid);
        randomRegistrationMutations(valid, 150, 20261126L);
        otherBookingCases();
        contentCases();
        notificationCases();
        headerCases();

        Map<String, Long> before = rowCounts();
        List<String> failures = new ArrayList<>();
        int fiveHundreds = 0;
        int refused = 0;
        for (Case c : cases) {
            String base = switch (c.service()) {
                case "booking" -> booking;
                case "content" -> content;
                default -> notification;
            };
            Answer answer = c.raw()
                    ? Http.raw(base, c.method(), c.path(), c.headers(), c.body())
                    : Http.send(c.method(), base + c.path(), c.headers(), c.body());
            if (answer.status() >= 500) {
                fiveHundreds++;
            }
            // Over a raw socket, the HTTP codec refuses broken header lines and lengths itself, before any application code.
            boolean codecRefusal = answer.status() == -1
                    || !answer.isProblem() && (CONNECTION_LEVEL.contains(answer.status()) || c.raw() && answer.status() == 400);
            if (codecRefusal) {
                refused++;
            }
            boolean ok = codecRefusal || answer.status() >= 400 && answer.status() < 500 && answer.isProblem();
            if (!ok) {
                failures.add(c.service() + " " + c.method() + " " + abbreviate(c.path()) + " [" + c.name() + "] -> "
                        + answer.status() + " " + answer.contentType() + " " + abbreviate(answer.body()));
            }
        }
        Map<String, Long> after = rowCounts();
        System.out.printf("HostileInputTest: %d hostile requests, %d answered 5xx, %d refused at connection level, %d failures%n",
                cases.size(), fiveHundreds, refused, failures.size());
        assertEquals(List.of(), failures, "requests not answered with a 4xx problem");
        assertEquals(0, fiveHundreds);
        assertEquals(before, after, "rows written by hostile requests");
        assertTrue(cases.size() > 300, "the table is complete: " + cases.size());
    }

    /** SQL in a staff list filter is a value like any other: it matches nothing, and the list is not widened. */
    @Test
    void sqlInAStaffFilterMatchesNothing() {
        for (String branch : SQL) {
            given().header("Authorization", staff).queryParam("branch", branch)
                    .get(booking + "/api/v1/staff/registrations").then().statusCode(org.hamcrest.Matchers.anyOf(
                            org.hamcrest.Matchers.equalTo(200), org.hamcrest.Matchers.equalTo(400)))
                    .body(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.containsString("\"total\":0"),
                            org.hamcrest.Matchers.containsString("\"status\":400")));
        }
    }

    // --- the cases -----------------------------------------------------------------------------------------

    private Map<String, String> validRegistration() {
        LocalDate today = LocalDate.now(HONG_KONG);
        JsonPath availability = given().queryParam("treatment", "acne-treatment-trial").queryParam("branch", "mong-kok")
                .queryParam("from", today.plusDays(1).toString()).queryParam("to", today.plusDays(14).toString())
                .get(booking + "/api/v1/availability").then().statusCode(200).extract().jsonPath();
        LocalDate minimal = LocalDate.parse(availability.getString("minimalDate"));
        String date = null;
        String time = null;
        for (Map<String, Object> day : availability.<Map<String, Object>>getList("days")) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> slots = (List<Map<String, Object>>) day.get("slots");
            if (!LocalDate.parse((String) day.get("date")).isBefore(minimal) && !slots.isEmpty()) {
                date = (String) day.get("date");
                time = (String) slots.get(0).get("time");
                break;
            }
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("treatmentCode", q("acne-treatment-trial"));
        body.put("branchCode", q("mong-kok"));
        body.put("preferredDate", q(date));
        body.put("preferredTime", q(time));
        body.put("fullName", q("Hostile Tester"));
        body.put("phone", q("+852 9400 0000"));
        body.put("email", q("hostile@example.com"));
        body.put("language", q("en"));
        body.put("consent", "{\"termsVersion\":\"2025-10\",\"privacyVersion\":\"2025-10\",\"accepted\":true}");
        body.put("marketingOptIn", "false");
        body.put("source", "{\"channel\":\"web\",\"campaign\":\"milia-guide\"}");
        return body;
    }

    private static final List<String> WRONG_TYPES = List.of("123", "-1.5e308", "true", "[]", "{}", "[\"a\"]", "null", "\"\"");
    private static final List<String> SQL = List.of("' OR '1'='1", "1; DROP TABLE booking.registration; --",
            "\" UNION SELECT * FROM pg_user --", "'); DELETE FROM booking.outbox_event; --", "$$; SELECT pg_sleep(10); $$");
    private static final List<String> SCRIPT = List.of("<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
            "javascript:alert(1)", "{{7*7}}", "${jndi:ldap://x/a}", "../../../../etc/passwd");
    private static final List<String> CONTROL = List.of("a\u0000b", "a\u0007b", "\u001b[31mred", "a\u202Eb", "line\r\nInjected: 1",
            "\uFEFF", "\u200B");

    private void registrationCases(Map<String, String> valid) {
        String path = "/api/v1/registrations";
        Map<String, String> json = Map.of("Content-Type", "application/json");
        for (String doc : List.of("", "{", "}", "[]", "null", "123", "\"text\"", "{\"treatmentCode\":}", "{'a':1}",
                "{\"a\":1,}", "{\"a\" 1}", "\u0000", "NaN", "[" .repeat(3))) {
            cases.add(new Case("malformed " + doc, "booking", "POST", path, json, utf8(doc), false));
        }
        for (String field : valid.keySet()) {
            Map<String, String> missing = new LinkedHashMap<>(valid);
            missing.remove(field);
            if (!field.equals("marketingOptIn") && !field.equals("source") && !field.equals("email")) {
                cases.add(new Case("missing " + field, "booking", "POST", path, json, utf8(toJson(missing)), false));
            }
            for (String wrong : WRONG_TYPES) {
                if (wrong.equals("null") && (field.equals("marketingOptIn") || field.equals("source") || field.equals("email"))) {
                    continue; // optional: null is a legitimate value
                }
                if (field.equals("email") && wrong.equals("\"\"") || field.equals("marketingOptIn") && wrong.equals("true")
                        || field.equals("source") && wrong.equals("{}")) { // legitimate values
                    continue;
                }
                cases.add(new Case("wrong type " + field + "=" + wrong, "booking", "POST", path, json, utf8(with(valid, field, wrong)), false));
            }
        }
        for (String field : List.of("treatmentCode", "branchCode", "preferredDate", "preferredTime", "fullName", "phone", "email", "language")) {
            for (String payload : concat(SQL, SCRIPT, CONTROL)) {
                cases.add(new Case("payload " + field, "booking", "POST", path, json, utf8(with(valid, field, q(payload))), false));
            }
        }
        LocalDate today = LocalDate.now(HONG_KONG);
        for (String date : List.of(today.toString(), today.minusDays(1).toString(), today.plusYears(5).toString(),
                "0000-01-01", "-999999999-01-01", "+999999999-12-31", "9999-12-31", "2026-02-30", "2026-13-01", "2026-1-1",
                "26-12-01", today + "T10:00:00+08:00", today + "T00:00:00Z", "2026-12-01Z", "2026-12-01+08:00",
                "1970-01-01T00:00:00Z", "yesterday", "")) {
            cases.add(new Case("date " + date, "booking", "POST", path, json, utf8(with(valid, "preferredDate", q(date))), false));
        }
        for (String time : List.of("24:00", "25:61", "-1:00", "10:00+08:00", "10:00Z", "10:00:00.000000001", "03:00", "23:59",
                "10.00", "10", "T10:00", "")) {
            cases.add(new Case("time " + time, "booking", "POST", path, json, utf8(with(valid, "preferredTime", q(time))), false));
        }
        for (String language : List.of("xx", "zh-Hans", "EN", "zh_HK", "en-US-x-very-long-" + "a".repeat(300))) {
            cases.add(new Case("language " + language, "booking", "POST", path, json, utf8(with(valid, "language", q(language))), false));
        }
        cases.add(new Case("consent refused", "booking", "POST", path, json,
                utf8(with(valid, "consent", "{\"termsVersion\":\"2025-10\",\"privacyVersion\":\"2025-10\",\"accepted\":false}")), false));
        cases.add(new Case("consent accepted as string", "booking", "POST", path, json,
                utf8(with(valid, "consent", "{\"termsVersion\":\"2025-10\",\"privacyVersion\":\"2025-10\",\"accepted\":\"yes\"}")), false));
        cases.add(new Case("consent nested wrong", "booking", "POST", path, json,
                utf8(with(valid, "consent", "{\"termsVersion\":[1],\"privacyVersion\":{},\"accepted\":true}")), false));
        cases.add(new Case("source channel unknown", "booking", "POST", path, json,
                utf8(with(valid, "source", "{\"channel\":\"" + "x".repeat(500) + "\",\"campaign\":1}")), false));
        // Extra fields, together with one missing required field so that the body can never be valid.
        Map<String, String> noPhone = new LinkedHashMap<>(valid);
        noPhone.remove("phone");
        for (String extra : List.of("\"id\":\"" + UUID.randomUUID() + "\"", "\"status\":\"ATTENDED\"", "\"manageToken\":\"x\"",
                "\"__proto__\":{\"admin\":true}", "\"@class\":\"java.lang.ProcessBuilder\"")) {
            cases.add(new Case("extra " + extra, "booking", "POST", path, json, utf8(toJson(noPhone).replaceFirst("\\{", "{" + extra + ",")), false));
        }
        // Duplicate keys: the second phone is invalid.
        cases.add(new Case("duplicate key", "booking", "POST", path, json,
                utf8(toJson(valid).replaceFirst("\\{", "{\"phone\":\"+852 9400 0000\",").replace("\"phone\":\"+852 9400 0000\"}", "\"phone\":\"nope\"}")
                        .replace(",\"source\"", ",\"phone\":\"nope\",\"source\"")), false));
        // Huge and deeply nested documents.
        cases.add(new Case("nested arrays 100k", "booking", "POST", path, json, utf8("[".repeat(100_000) + "]".repeat(100_000)), false));
        cases.add(new Case("nested objects 5k", "booking", "POST", path, json, utf8("{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)), false));
        cases.add(new Case("nested in field", "booking", "POST", path, json,
                utf8(with(valid, "source", "{\"channel\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}")), false));
        cases.add(new Case("name of 20k chars", "booking", "POST", path, json, utf8(with(valid, "fullName", q("A".repeat(20_000)))), false));
        cases.add(new Case("body of 40 KB", "booking", "POST", path, json, utf8(with(valid, "fullName", q("A".repeat(40_000)))), false));
        cases.add(new Case("body of 3 MB", "booking", "POST", path, json, utf8(with(valid, "fullName", q("A".repeat(3_000_000)))), false));
        cases.add(new Case("10k extra keys", "booking", "POST", path, json,
                utf8(toJson(noPhone).replaceFirst("\\{", "{" + "\"k\":1,".repeat(10_000))), false));
        cases.add(new Case("number 1e400 digits", "booking", "POST", path, json, utf8(with(valid, "marketingOptIn", "1" + "0".repeat(5_000))), false));
        // Invalid UTF-8 in a string value and in the structure.
        for (byte[] bad : List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF, (byte) 0xFE}, new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xE2, (byte) 0x82})) {
            String doc = toJson(valid);
            int at = doc.indexOf("Hostile Tester") + 3;
            cases.add(new Case("invalid UTF-8 in name " + hex(bad), "booking", "POST", path, json,
                    concatBytes(utf8(doc.substring(0, at)), bad, utf8(doc.substring(at))), false));
            cases.add(new Case("invalid UTF-8 as document " + hex(bad), "booking", "POST", path, json, bad, false));
        }
        cases.add(new Case("lone surrogate escape", "booking", "POST", path, json, utf8(with(valid, "fullName", "\"Ann\\ud800e\"")), false));
        cases.add(new Case("NUL escape", "booking", "POST", path, json, utf8(with(valid, "fullName", "\"Ann\\u0000e\"")), false));
        cases.add(new Case("UTF-16 body", "booking", "POST", path, Map.of("Content-Type", "application/json; charset=UTF-16"),
                "{\"phone\":1}".getBytes(StandardCharsets.UTF_16), false));
        // Wrong content types and accept.
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "application/json; charset=ISO-8859-1-bogus", "application/problem+json", "*/*", "")) {
            Map<String, String> headers = type.isEmpty() ? Map.of() : Map.of("Content-Type", type);
            cases.add(new Case("content type " + type, "booking", "POST", path, headers, utf8(toJson(noPhone)), false));
        }
        cases.add(new Case("unsupported locale", "booking", "POST", path + "?locale=xx", json, utf8(toJson(noPhone)), false));
        cases.add(new Case("bad idempotency key", "booking", "POST", path, Map.of("Content-Type", "application/json", "Idempotency-Key", "a b;c"),
                utf8(toJson(valid)), false));
        cases.add(new Case("long idempotency key", "booking", "POST", path, Map.of("Content-Type", "application/json", "Idempotency-Key", "k".repeat(300)),
                utf8(toJson(valid)), false));
        for (String method : List.of("PUT", "DELETE", "PATCH")) {
            cases.add(new Case("method " + method, "booking", method, path, json, utf8(toJson(valid)), false));
        }
    }

    /** A seeded random walk over the valid registration: each request breaks one to three fields at random. */
    private void randomRegistrationMutations(Map<String, String> valid, int count, long seed) {
        Random random = new Random(seed);
        List<String> fields = List.of("treatmentCode", "branchCode", "preferredDate", "preferredTime", "fullName", "phone", "language", "consent");
        List<String> payloads = concat(SQL, SCRIPT, CONTROL);
        for (int i = 0; i < count; i++) {
            Map<String, String> body = new LinkedHashMap<>(valid);
            int broken = 1 + random.nextInt(3);
            for (int j = 0; j < broken; j++) {
                String field = fields.get(random.nextInt(fields.size()));
                body.put(field, switch (random.nextInt(4)) {
                    case 0 -> WRONG_TYPES.get(random.nextInt(WRONG_TYPES.size() - 1)); // never the empty string alone
                    case 1 -> q(payloads.get(random.nextInt(payloads.size())));
                    case 2 -> q(randomText(random, 1 + random.nextInt(400)));
                    default -> q(randomText(random, 1 + random.nextInt(10)) + "\\u0000");
                });
            }
            cases.add(new Case("random mutation #" + i, "booking", "POST", "/api/v1/registrations",
                    Map.of("Content-Type", "application/json"), utf8(toJson(body)), false));
        }
    }

    private void otherBookingCases() {
        Map<String, String> json = Map.of("Content-Type", "application/json");
        Map<String, String> staffJson = Map.of("Content-Type", "application/json", "Authorization", staff);
        String unknownId = UUID.randomUUID().toString();
        // Manage endpoints: an unknown id, a non-UUID id, hostile tokens and bodies.
        for (String id : List.of(unknownId, "not-a-uuid", "1%27%20OR%20%271%27%3D%271", "%00", "..%2F..%2Fq%2Fhealth", "0" .repeat(4_000))) {
            for (String token : List.of("x", "' OR 1=1 --", "a".repeat(5_000))) {
                Map<String, String> headers = Map.of("Content-Type", "application/json", "X-Manage-Token", token);
                cases.add(new Case("get " + id, "booking", "GET", "/api/v1/registrations/" + id, headers, null, false));
                cases.add(new Case("reschedule " + id, "booking", "PATCH", "/api/v1/registrations/" + id, headers,
                        utf8("{\"preferredDate\":\"2026-02-30\",\"preferredTime\":\"25:00\"}"), false));
                cases.add(new Case("cancel " + id, "booking", "DELETE", "/api/v1/registrations/" + id, headers, null, false));
            }
        }
        cases.add(new Case("reschedule without token", "booking", "PATCH", "/api/v1/registrations/" + unknownId, json, utf8("{}"), false));
        for (String doc : List.of("{", "[]", "{\"preferredDate\":1,\"preferredTime\":[]}", "{\"preferredDate\":\"+999999999-12-31\",\"preferredTime\":\"10:00\"}")) {
            cases.add(new Case("reschedule body " + doc, "booking", "PATCH", "/api/v1/registrations/" + unknownId,
                    Map.of("Content-Type", "application/json", "X-Manage-Token", "x"), utf8(doc), false));
        }
        // Catalogue and availability reads.
        for (String query : List.of("?page=-1", "?size=0", "?size=100000", "?page=abc", "?size=1e3", "?locale=xx", "?locale=" + "a".repeat(2_000),
                "?page=99999999999999999999")) {
            cases.add(new Case("treatments " + query, "booking", "GET", "/api/v1/treatments" + query, Map.of(), null, false));
            cases.add(new Case("branches " + query, "booking", "GET", "/api/v1/branches" + query, Map.of(), null, false));
        }
        LocalDate today = LocalDate.now(HONG_KONG);
        for (String query : List.of("", "?treatment=acne-treatment-trial", "?treatment=x&branch=y&from=2026-01-01&to=2026-01-02",
                "?treatment=acne-treatment-trial&branch=mong-kok&from=2026-02-30&to=2026-03-01",
                "?treatment=acne-treatment-trial&branch=mong-kok&from=" + today.plusDays(5) + "&to=" + today.plusDays(1),
                "?treatment=acne-treatment-trial&branch=mong-kok&from=0000-01-01&to=9999-12-31",
                "?treatment=acne-treatment-trial&branch=mong-kok&from=-999999999-01-01&to=+999999999-12-31",
                "?treatment=acne-treatment-trial&branch=mong-kok&from=" + today + "T00:00%2B08:00&to=" + today.plusDays(1),
                "?treatment=%27%20OR%201%3D1--&branch=mong-kok", "?treatment=%3Cscript%3E&branch=%00")) {
            cases.add(new Case("availability " + query, "booking", "GET", "/api/v1/availability" + query, Map.of(), null, false));
        }
        // Staff endpoints with a valid staff token and hostile input.
        for (String doc : List.of("{", "[]", "{\"status\":\"EXPLODED\"}", "{\"status\":1}", "{\"status\":\"ATTENDED\",\"treatedAt\":\"2026-02-30T10:00:00Z\"}",
                "{\"status\":\"ATTENDED\",\"treatedAt\":\"+999999999-12-31T23:59:59Z\"}", "{\"status\":\"ATTENDED\",\"treatedAt\":\"10:00\"}")) {
            cases.add(new Case("attendance " + doc, "booking", "POST", "/api/v1/staff/registrations/" + unknownId + "/attendance", staffJson, utf8(doc), false));
            cases.add(new Case("attendance bad id", "booking", "POST", "/api/v1/staff/registrations/not-a-uuid/attendance", staffJson, utf8(doc), false));
        }
        cases.add(new Case("staff cancel unknown", "booking", "DELETE", "/api/v1/staff/registrations/" + unknownId, staffJson, null, false));
        cases.add(new Case("staff cancel bad id", "booking", "DELETE", "/api/v1/staff/registrations/%27--", staffJson, null, false));
        for (String query : List.of("?date=2026-02-30", "?date=yesterday", "?status=EXPLODED", "?page=-1", "?size=0", "?size=5000",
                "?date=+999999999-12-31")) {
            cases.add(new Case("staff list " + query, "booking", "GET", "/api/v1/staff/registrations" + query, staffJson, null, false));
        }
        for (String op : List.of("erasure", "export")) {
            for (String doc : concat(List.of("{", "[]", "{}", "{\"phone\":123}", "{\"phone\":[\"+85294000000\"]}", "{\"phone\":\"\"}",
                    "{\"phone\":\"" + "9".repeat(5_000) + "\"}"), SQL.stream().map(s -> "{\"phone\":" + q(s) + "}").toList(),
                    SCRIPT.stream().map(s -> "{\"phone\":" + q(s) + "}").toList())) {
                cases.add(new Case(op + " " + doc, "booking", "POST", "/api/v1/staff/personal-data/" + op, staffJson, utf8(doc), false));
            }
        }
    }

    private void contentCases() {
        Map<String, String> staffJson = Map.of("Content-Type", "application/json", "Authorization", staff);
        for (String slug : List.of("nope", "..%2F..%2Fetc%2Fpasswd", "%27%20OR%201%3D1--", "%3Cscript%3E", "a".repeat(3_000), "%00", "%C3%28")) {
            cases.add(new Case("guide " + slug, "content", "GET", "/api/v1/guides/" + slug, Map.of(), null, false));
            cases.add(new Case("faq " + slug, "content", "GET", "/api/v1/guides/" + slug + "/faq", Map.of(), null, false));
            cases.add(new Case("aftercare " + slug, "content", "GET", "/api/v1/aftercare-plans/" + slug, Map.of(), null, false));
            cases.add(new Case("versions " + slug, "content", "GET", "/api/v1/staff/guides/" + slug + "/versions?page=-1", staffJson, null, false));
        }
        for (String query : List.of("?locale=xx", "?page=-1", "?size=0", "?size=100000", "?page=x")) {
            cases.add(new Case("guides " + query, "content", "GET", "/api/v1/guides" + query, Map.of(), null, false));
        }
        cases.add(new Case("guide locale", "content", "GET", "/api/v1/guides/complete-milia-removal?locale=xx", Map.of(), null, false));
        for (String q : List.of("", "?q=", "?q=" + "a".repeat(5_000), "?q=milia&locale=xx", "?q=milia&size=0", "?q=milia&page=-1")) {
            cases.add(new Case("search " + abbreviate(q), "content", "GET", "/api/v1/search" + q, Map.of(), null, false));
        }
        String draft = "/api/v1/staff/guides/complete-milia-removal/drafts/";
        for (String doc : List.of("{", "[]", "null", "{\"sections\":1}", "{\"sections\":[{\"type\":\"exploding\"}]}",
                "{\"title\":" + "[".repeat(3_000) + "]".repeat(3_000) + "}", "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000),
                "{\"title\":\"a\\u0000b\",\"sections\":[]}", "{\"title\":\"<script>alert(1)</script>\",\"sections\":[{\"type\":\"registrationCta\",\"treatmentCode\":\"' OR 1=1 --\"}]}")) {
            cases.add(new Case("draft " + abbreviate(doc), "content", "PUT", draft + "en", staffJson, utf8(doc), false));
        }
        cases.add(new Case("draft unknown locale", "content", "PUT", draft + "xx", staffJson, utf8("{}"), false));
        cases.add(new Case("draft invalid UTF-8", "content", "PUT", draft + "en", staffJson, new byte[] {'{', '"', (byte) 0xC3, 0x28, '"', ':', '1', '}'}, false));
        cases.add(new Case("draft of 3 MB", "content", "PUT", draft + "en", staffJson, utf8("{\"title\":" + q("A".repeat(3_000_000)) + "}"), false));
        cases.add(new Case("draft text/plain", "content", "PUT", draft + "en", Map.of("Content-Type", "text/plain", "Authorization", staff), utf8("{}"), false));
        cases.add(new Case("publish unknown guide", "content", "POST", "/api/v1/staff/guides/nope/publish", staffJson, utf8("{}"), false));
        cases.add(new Case("publish traversal", "content", "POST", "/api/v1/staff/guides/..%2Fx/publish", staffJson, utf8("["), false));
        cases.add(new Case("draft read unknown", "content", "GET", draft + "xx", staffJson, null, false));
    }

    private void notificationCases() {
        Map<String, String> staffJson = Map.of("Content-Type", "application/json", "Authorization", staff);
        for (String token : concat(List.of("", "x", UUID.randomUUID() + ".forged", "a".repeat(5_000), "%00", "%C3%28"),
                SQL.stream().map(HostileInputTest::urlEncode).toList())) {
            cases.add(new Case("opt-out GET " + abbreviate(token), "notification", "GET", "/api/v1/opt-outs?token=" + token, Map.of(), null, false));
        }
        cases.add(new Case("opt-out POST forged", "notification", "POST", "/api/v1/opt-outs?token=" + UUID.randomUUID() + ".x&locale=xx",
                Map.of("Content-Type", "application/x-www-form-urlencoded"), utf8("List-Unsubscribe=One-Click"), false));
        for (String doc : List.of("{", "[]", "{\"advanceBy\":1}", "{\"advanceBy\":\"PT-24H\"}", "{\"advanceBy\":\"P-1D\"}", "{\"advanceBy\":\"yesterday\"}",
                "{\"advanceBy\":\"PT" + "9".repeat(40) + "H\"}", "{\"advanceBy\":\"' OR 1=1 --\"}", "{\"to\":\"1970-01-01T00:00:00Z\"}")) {
            cases.add(new Case("clock " + doc, "notification", "POST", "/api/v1/staff/clock", staffJson, utf8(doc), false));
        }
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid", "%27%20OR%201%3D1--", "9".repeat(3_000))) {
            cases.add(new Case("retry " + abbreviate(id), "notification", "POST", "/api/v1/staff/notifications/" + id + "/retry", staffJson, null, false));
            cases.add(new Case("cancel " + abbreviate(id), "notification", "POST", "/api/v1/staff/notifications/" + id + "/cancel", staffJson, null, false));
        }
        for (String query : List.of("?registrationId=not-a-uuid", "?page=-1", "?size=0", "?size=100000", "?status=EXPLODED",
                "?registrationId=%27%20OR%201%3D1--", "?type=%3Cscript%3E")) {
            cases.add(new Case("timeline " + query, "notification", "GET", "/api/v1/staff/notifications" + query, staffJson, null, false));
        }
    }

    /** Header abuse on one public read and one write of each service, over a raw socket. */
    private void headerCases() {
        Map<String, String[]> targets = new TreeMap<>(Map.of(
                "booking", new String[] {"POST", "/api/v1/registrations"},
                "content", new String[] {"GET", "/api/v1/guides/nope"},
                "notification", new String[] {"GET", "/api/v1/opt-outs?token=x"}));
        byte[] small = utf8("{\"phone\":1}");
        targets.forEach((service, target) -> {
            byte[] body = target[0].equals("POST") ? small : null;
            String type = "application/json";
            cases.add(new Case("header of 100 KB", service, target[0], target[1], Map.of("Content-Type", type, "X-Big", "a".repeat(100_000)), body, true));
            Map<String, String> many = new LinkedHashMap<>(Map.of("Content-Type", type));
            for (int i = 0; i < 2_000; i++) {
                many.put("X-H" + i, "v" + i);
            }
            cases.add(new Case("2000 headers", service, target[0], target[1], many, body, true));
            cases.add(new Case("Accept-Language of 30 KB", service, target[0], target[1],
                    Map.of("Content-Type", type, "Accept-Language", "zh-HK;q=0.9,".repeat(2_500)), body, true));
            cases.add(new Case("Accept-Language garbage", service, target[0], target[1],
                    Map.of("Content-Type", type, "Accept-Language", "\u00ff\u00fe;q=abc,*;q=-1,en;q=2"), body, true));
            cases.add(new Case("control char in header", service, target[0], target[1],
                    Map.of("Content-Type", type, "X-Ctl", "a\u0001\u0007b"), body, true));
            cases.add(new Case("Authorization garbage", service, target[0], target[1],
                    Map.of("Content-Type", type, "Authorization", "Bearer ' OR 1=1 --"), body, true));
            cases.add(new Case("URI of 20 KB", service, "GET", target[1] + (target[1].contains("?") ? "&" : "?") + "q=" + "a".repeat(20_000),
                    Map.of(), null, true));
            cases.add(new Case("invalid UTF-8 in URI", service, "GET", target[1].replaceAll("\\?.*", "") + "/%C3%28%FF", Map.of(), null, true));
            cases.add(new Case("content-length lies", service, "POST", target[1],
                    Map.of("Content-Type", type, "Content-Length", "99999999999999999999"), null, true));
        });
    }

    // --- helpers -------------------------------------------------------------------------------------------

    /** Rows in every table of booking's and content's schemas (notification's change on its own as it sends). */
    private Map<String, Long> rowCounts() throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection admin = DriverManager.getConnection(platform.infra().postgres().jdbcUrl(), "postgres", "");
             Statement s = admin.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT schemaname || '.' || tablename FROM pg_tables "
                    + "WHERE schemaname IN ('booking', 'content') AND tablename <> 'flyway_schema_history'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        assertTrue(counts.containsKey("booking.registration") && counts.containsKey("booking.outbox_event"), counts.toString());
        return counts;
    }

    private static String q(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String toJson(Map<String, String> rawValues) {
        StringBuilder out = new StringBuilder("{");
        rawValues.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append(q(k)).append(':').append(v));
        return out.append('}').toString();
    }

    private static String with(Map<String, String> valid, String field, String rawValue) {
        Map<String, String> copy = new LinkedHashMap<>(valid);
        copy.put(field, rawValue);
        return toJson(copy);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> l : lists) {
            all.addAll(l);
        }
        return all;
    }

    private static String randomText(Random random, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int cp = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x20);          // control characters
                case 1 -> 0x21 + random.nextInt(0x5E);   // ASCII symbols and digits
                case 2 -> 0x2000 + random.nextInt(0x70); // spaces, joiners, bidi marks
                default -> 0x1F300 + random.nextInt(0x300); // emoji (surrogate pairs)
            };
            s.appendCodePoint(cp);
        }
        // at least one digit or symbol, so the text is never a legal name by accident
        return s.append("#1").toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concatBytes(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02X", b));
        }
        return s.toString();
    }

    private static String urlEncode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() > 120 ? s.substring(0, 120) + "...(" + s.length() + ")" : s;
    }
}
