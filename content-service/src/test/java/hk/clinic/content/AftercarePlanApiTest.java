package hk.clinic.content;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Aftercare plans: the contract notification-service builds on, and one source with the guide's section 7. */
@QuarkusTest
class AftercarePlanApiTest {

    private static final List<String> CODES = List.of("acne-treatment-trial", "vacuum-microdermabrasion-facial",
            "milia-deroofing-extraction", "milia-laser-ablation");

    @Test
    void everyTreatmentCodeHasAPlanWithTheFiveSteps() {
        for (String code : CODES) {
            JsonNode plan = Api.json(given().when().get("/api/v1/aftercare-plans/" + code).then().statusCode(200)
                    .header("ETag", matchesPattern("^\"[0-9a-f]{32}\"$"))
                    .header("Cache-Control", containsString("public"))
                    .extract().response());
            assertEquals(code, plan.get("treatmentCode").asText());
            assertEquals(1, plan.get("version").asInt());
            assertEquals(Api.SLUG, plan.get("guideSlug").asText());
            assertTrue(!plan.at("/treatmentName/en").asText().isBlank() && !plan.at("/treatmentName/zh-HK").asText().isBlank());
            List<String> offsets = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (JsonNode step : plan.get("steps")) {
                offsets.add(step.get("offset").asText());
                keys.add(step.get("key").asText());
                for (String loc : List.of("en", "zh-HK")) {
                    assertTrue(!step.at("/title/" + loc).asText().isBlank(), code + " " + step + " title " + loc);
                    assertTrue(!step.at("/body/" + loc).asText().isBlank(), code + " " + step + " body " + loc);
                }
                assertTrue(step.get("rules").size() > 0);
            }
            assertEquals(List.of("PT0S", "PT48H", "P3D", "P7D", "P10D"), offsets, code);
            assertEquals(List.of("immediate", "48h", "3d", "7d", "10d"), keys, code);
        }
    }

    @Test
    void planRuleTextsAreTheGuidesSection7Sentences() {
        for (String locale : List.of("en", "zh-HK")) {
            JsonNode guide = Api.json(given().queryParam("locale", locale).when().get("/api/v1/guides/" + Api.SLUG)
                    .then().statusCode(200).extract().response());
            JsonNode section7 = guide.get("sections").get(6);
            assertEquals("recovery-and-aftercare", section7.get("anchor").asText());
            // The served section 7: each paragraph names its rules and joins their texts.
            Map<String, String> ruleTextInGuide = new LinkedHashMap<>();
            StringBuilder sectionText = new StringBuilder();
            for (JsonNode p : section7.get("blocks")) {
                sectionText.append(p.get("text").asText());
                p.get("ruleRefs").forEach(r -> ruleTextInGuide.put(r.asText(), null));
            }
            Set<String> seenRules = new HashSet<>();
            for (String code : CODES) {
                JsonNode plan = Api.json(given().when().get("/api/v1/aftercare-plans/" + code).then().statusCode(200)
                        .extract().response());
                for (JsonNode step : plan.get("steps")) {
                    for (JsonNode rule : step.get("rules")) {
                        String id = rule.get("id").asText();
                        String text = rule.at("/text/" + locale).asText();
                        assertTrue(ruleTextInGuide.containsKey(id), "plan rule " + id + " is stated in the guide");
                        assertTrue(sectionText.toString().contains(text),
                                locale + ": rule " + id + " text is a sentence of the guide's section 7: " + text);
                        seenRules.add(id);
                    }
                }
            }
            assertTrue(seenRules.containsAll(List.of("no-touch-48h", "fragrance-free-moisturizer", "sun-protection-1w",
                    "no-exfoliants-retinoids-1w", "no-swim-exercise", "paracetamol-for-pain", "heal-time",
                    "normal-healing-signs", "scabs-heal-naturally")), seenRules.toString());
        }
        JsonNode laser = Api.json(given().when().get("/api/v1/aftercare-plans/milia-laser-ablation").then().extract().response());
        assertEquals("During this time, avoid touching the treated area for at least 48 hours to prevent infection.",
                findRule(laser, "no-touch-48h").at("/text/en").asText());
        assertEquals("如感到痛楚，應選用撲熱息痛，而非消炎止痛藥。", findRule(laser, "paracetamol-for-pain").at("/text/zh-HK").asText());
    }

    private static JsonNode findRule(JsonNode plan, String id) {
        for (JsonNode step : plan.get("steps")) {
            for (JsonNode rule : step.get("rules")) {
                if (rule.get("id").asText().equals(id)) {
                    return rule;
                }
            }
        }
        throw new AssertionError("rule " + id + " not in plan");
    }

    @Test
    void planListAndConditionalGet() {
        given().when().get("/api/v1/aftercare-plans").then().statusCode(200)
                .body("total", equalTo(4)).body("items", hasSize(4)).body("page", equalTo(0)).body("size", equalTo(20))
                .body("items.treatmentCode", equalTo(CODES.stream().sorted().toList()));
        String etag = given().when().get("/api/v1/aftercare-plans/milia-laser-ablation").then().extract().header("ETag");
        given().header("If-None-Match", etag).when().get("/api/v1/aftercare-plans/milia-laser-ablation").then()
                .statusCode(304).header("ETag", etag);
        given().header("Accept-Language", "zh-HK").when().get("/api/v1/aftercare-plans/milia-laser-ablation").then()
                .statusCode(200).header("ETag", etag).header("Content-Language", "en, zh-HK");
    }

    @Test
    void unknownTreatmentCodeIsANotFoundProblem() {
        given().when().get("/api/v1/aftercare-plans/botox").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://api.clinic.hk/problems/not-found"))
                .body("instance", equalTo("/api/v1/aftercare-plans/botox"));
        given().queryParam("size", 1000).when().get("/api/v1/aftercare-plans").then().statusCode(400)
                .contentType("application/problem+json");
    }
}
