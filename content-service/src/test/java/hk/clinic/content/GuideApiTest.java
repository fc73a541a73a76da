package hk.clinic.content;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Public guide reads: locales, caching headers, FAQ and JSON-LD, error paths. */
@QuarkusTest
class GuideApiTest {

    private static final String GUIDE = "/api/v1/guides/" + Api.SLUG;

    @Test
    void zhHkIsTheMachineTranslatedGuideInTraditionalChinese() {
        given().header("Accept-Language", "zh-HK").when().get(GUIDE).then().statusCode(200)
                .header("Content-Language", "zh-HK")
                .header("Vary", containsString("Accept-Language"))
                .body("locale", equalTo("zh-HK"))
                .body("reviewStatus", equalTo("machine-translated"))
                .body("sections", hasSize(9))
                .body("faq", hasSize(5))
                .body("availableLocales", equalTo(List.of("en", "zh-HK")))
                .body("sections[3].blocks[1].rows[0][0]", equalTo("A酸類"));
    }

    @Test
    void theZhHkGuideHasExactlyTheEnglishSkeleton() {
        JsonNode en = Api.json(given().queryParam("locale", "en").when().get(GUIDE).then().statusCode(200).extract().response());
        JsonNode zh = Api.json(given().queryParam("locale", "zh-HK").when().get(GUIDE).then().statusCode(200).extract().response());
        assertEquals(skeleton(en), skeleton(zh));
        assertNotEquals(en.get("title").asText(), zh.get("title").asText());
        // Section 7 in Chinese is joined from the rules without spaces between sentences.
        assertEquals("在此期間，請避免觸碰治療部位至少48小時，以防感染。", zh.at("/sections/6/blocks/1/text").asText());
        assertTrue(zh.at("/sections/6/blocks/0/text").asText().contains("至關重要。大部分"));
    }

    /** Anchors, numbers, block types, list and table shapes, rule references and treatment codes; no prose. */
    private static String skeleton(JsonNode guide) {
        StringBuilder sb = new StringBuilder();
        java.util.function.Consumer<JsonNode> blocks = bs -> bs.forEach(b -> sb.append(b.get("type").asText())
                .append(b.path("items").size()).append(b.path("rows").size()).append(b.path("header").size())
                .append(b.path("ruleRefs")).append(b.path("treatmentCode").asText()).append(';'));
        blocks.accept(guide.get("intro"));
        for (JsonNode s : guide.get("sections")) {
            sb.append('|').append(s.get("number").asInt()).append(s.get("anchor").asText()).append(':');
            blocks.accept(s.get("blocks"));
            s.path("subsections").forEach(sub -> {
                sb.append('/').append(sub.get("anchor").asText()).append(':');
                blocks.accept(sub.get("blocks"));
            });
        }
        guide.get("faq").forEach(f -> sb.append("|faq:").append(f.get("id").asText()));
        return sb.toString();
    }

    @Test
    void traditionalChineseVariantsFallBackToZhHkAndOtherLanguagesToEnglish() {
        for (String tag : List.of("zh-TW", "zh-Hant", "zh-Hant-HK", "zh-MO", "fr;q=1, zh-TW;q=0.5")) {
            given().header("Accept-Language", tag).when().get(GUIDE).then().statusCode(200)
                    .header("Content-Language", "zh-HK").body("locale", equalTo("zh-HK"));
        }
        for (String tag : List.of("fr", "zh-CN", "de-CH, ja;q=0.8", "en-GB", "*", "no such;;header")) {
            given().header("Accept-Language", tag).when().get(GUIDE).then().statusCode(200)
                    .header("Content-Language", "en").body("locale", equalTo("en"));
        }
        given().when().get(GUIDE).then().statusCode(200).header("Content-Language", "en");
        // q-values decide, not the order of the header.
        given().header("Accept-Language", "en;q=0.3, zh-HK;q=0.9").when().get(GUIDE).then()
                .header("Content-Language", "zh-HK");
    }

    @Test
    void explicitLocaleWinsOverTheHeaderAndAnUnsupportedOneIsRefused() {
        given().queryParam("locale", "en").header("Accept-Language", "zh-HK").when().get(GUIDE).then()
                .statusCode(200).header("Content-Language", "en");
        given().queryParam("locale", "zh-HK").when().get(GUIDE).then().statusCode(200).header("Content-Language", "zh-HK");
        given().queryParam("locale", "zh-TW").when().get(GUIDE).then().statusCode(200).header("Content-Language", "zh-HK");
        for (String bad : List.of("xx", "fr", "zh-CN", "english")) {
            given().queryParam("locale", bad).when().get(GUIDE).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://api.clinic.hk/problems/unsupported-locale"))
                    .body("status", equalTo(400))
                    .body("instance", equalTo(GUIDE));
        }
    }

    @Test
    void strongEtagAndIfNoneMatchGiveNotModifiedWithoutBody() {
        Response first = given().queryParam("locale", "en").when().get(GUIDE).then().statusCode(200)
                .header("ETag", matchesPattern("^\"[0-9a-f]{32}\"$"))
                .header("Cache-Control", containsString("public"))
                .header("Cache-Control", containsString("max-age="))
                .header("Cache-Control", containsString("stale-while-revalidate="))
                .extract().response();
        String etag = first.header("ETag");
        given().queryParam("locale", "en").header("If-None-Match", etag).when().get(GUIDE).then()
                .statusCode(304).header("ETag", etag).body(emptyString());
        given().queryParam("locale", "en").header("If-None-Match", "W/" + etag + ", \"other\"").when().get(GUIDE).then()
                .statusCode(304);
        given().queryParam("locale", "en").header("If-None-Match", "\"stale\"").when().get(GUIDE).then()
                .statusCode(200).header("ETag", etag);
        String zhEtag = given().queryParam("locale", "zh-HK").when().get(GUIDE).then().statusCode(200).extract().header("ETag");
        assertNotEquals(etag, zhEtag, "each locale has its own bytes and tag");
        given().queryParam("locale", "zh-HK").header("If-None-Match", etag).when().get(GUIDE).then().statusCode(200);
    }

    @Test
    void aNotModifiedAnswerCarriesTheCachingHeadersButNoBody() {
        for (String locale : List.of("en", "zh-HK")) {
            Response full = given().header("Accept-Language", locale).when().get(GUIDE).then().statusCode(200)
                    .contentType("application/json;charset=UTF-8").extract().response();
            String etag = full.header("ETag");
            Response notModified = given().header("Accept-Language", locale).header("If-None-Match", etag).when().get(GUIDE)
                    .then().statusCode(304).body(emptyString()).extract().response();
            assertEquals(etag, notModified.header("ETag"));
            assertEquals("Accept-Language", notModified.header("Vary"));
            assertEquals(full.header("Cache-Control"), notModified.header("Cache-Control"));
            assertEquals("public, max-age=300, stale-while-revalidate=60, stale-if-error=86400", notModified.header("Cache-Control"));
            assertEquals(locale, notModified.header("Content-Language"));
            assertEquals(null, notModified.header("Content-Type"));
            assertEquals("nosniff", notModified.header("X-Content-Type-Options"));
        }
        String faqTag = given().queryParam("locale", "en").when().get(GUIDE + "/faq").then().statusCode(200).extract().header("ETag");
        given().queryParam("locale", "en").header("If-None-Match", faqTag).when().get(GUIDE + "/faq").then().statusCode(304)
                .header("ETag", faqTag).header("Vary", "Accept, Accept-Language").header("Content-Language", "en")
                .header("Cache-Control", containsString("max-age=300"));
    }

    @Test
    void ifNoneMatchIsAListComparedWeakly() {
        String etag = given().queryParam("locale", "en").when().get(GUIDE).then().statusCode(200).extract().header("ETag");
        for (String matching : List.of(etag, "*", " * ", "W/" + etag, "  " + etag + "  ", "\"a\", " + etag, "\"a\",W/" + etag,
                etag + ",", "," + etag, "\"a\" , " + etag + " , \"b\"")) {
            given().queryParam("locale", "en").header("If-None-Match", matching).when().get(GUIDE).then()
                    .statusCode(304).header("ETag", etag);
        }
        for (String other : List.of("\"a\", \"b\"", etag.replace("\"", ""), "W/\"" + etag, etag + "x", "x" + etag,
                " ", ",", "W/", "W/*", etag.substring(0, etag.length() - 1))) {
            given().queryParam("locale", "en").header("If-None-Match", other).when().get(GUIDE).then()
                    .statusCode(200).header("ETag", etag).body("slug", equalTo(Api.SLUG));
        }
    }

    @Test
    void headAnswersTheHeadersOfTheGuideWithoutItsBody() {
        String etag = given().queryParam("locale", "zh-HK").when().get(GUIDE).then().statusCode(200).extract().header("ETag");
        given().queryParam("locale", "zh-HK").when().head(GUIDE).then().statusCode(200).body(emptyString())
                .header("ETag", etag).header("Content-Language", "zh-HK").header("Vary", "Accept-Language")
                .contentType("application/json;charset=UTF-8");
    }

    @Test
    void everyReadIsCountedOnceAsAHitOrAMiss() {
        String etag = given().header("Accept-Language", "zh-HK").when().get(GUIDE).then().statusCode(200).extract().header("ETag");
        double hits = cacheRequests("hit");
        double misses = cacheRequests("miss");
        // A slug nobody asked for yet: the first read renders (here: "not found"), the next ones are hits.
        String path = "/api/v1/guides/never-asked-" + UUID.randomUUID().toString().substring(0, 8);
        given().when().get(path).then().statusCode(404).contentType("application/problem+json");
        assertEquals(misses + 1, cacheRequests("miss"));
        assertEquals(hits, cacheRequests("hit"));
        for (int i = 0; i < 3; i++) {
            given().when().get(path).then().statusCode(404).contentType("application/problem+json")
                    .body("instance", equalTo(path));
        }
        given().header("Accept-Language", "zh-HK").when().get(GUIDE).then().statusCode(200).header("ETag", etag);
        given().header("Accept-Language", "zh-HK").header("If-None-Match", etag).when().get(GUIDE).then().statusCode(304);
        assertEquals(misses + 1, cacheRequests("miss"), "reads of what the cache holds are no misses");
        assertEquals(hits + 5, cacheRequests("hit"), "three 404s, one 200 and one 304 from the cache");
    }

    @Test
    void negotiationGivesTheSameAnswerForARepeatedOrAVeryLongAcceptLanguage() {
        for (int i = 0; i < 3; i++) {
            given().header("Accept-Language", "fr-CH, fr;q=0.9, zh-TW;q=0.8, en;q=0.7").when().get(GUIDE).then()
                    .statusCode(200).header("Content-Language", "zh-HK");
            given().header("Accept-Language", "fr-CH, fr;q=0.9, en;q=0.8, zh-TW;q=0.7").when().get(GUIDE).then()
                    .statusCode(200).header("Content-Language", "en");
        }
        String longHeader = "de-DE;q=0.9, ".repeat(40) + "zh-HK;q=0.5, en;q=0.1";
        for (int i = 0; i < 2; i++) {
            given().header("Accept-Language", longHeader).when().get(GUIDE).then().statusCode(200)
                    .header("Content-Language", "zh-HK");
        }
    }

    @Test
    void repeatedReadsAreServedFromPreRenderedBytes() {
        given().queryParam("locale", "en").when().get(GUIDE + "/faq").then().statusCode(200);
        double hitsBefore = cacheHits();
        for (int i = 0; i < 5; i++) {
            given().queryParam("locale", "en").when().get(GUIDE + "/faq").then().statusCode(200);
        }
        assertTrue(cacheHits() - hitsBefore >= 5, "five repeated reads, five cache hits");
    }

    private static double cacheHits() {
        return cacheRequests("hit");
    }

    private static double cacheRequests(String result) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("clinic_content_render_cache_requests_total{")
                        && l.contains("result=\"" + result + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void faqAsJson() {
        given().queryParam("locale", "en").accept("application/json").when().get(GUIDE + "/faq").then().statusCode(200)
                .contentType(containsString("application/json"))
                .header("Vary", containsString("Accept-Language"))
                .header("ETag", notNullValue())
                .body("slug", equalTo(Api.SLUG))
                .body("heading", equalTo("FAQ"))
                .body("items", hasSize(5))
                .body("items[0].id", equalTo("infant-milia"))
                .body("items[4].question", equalTo("Can Dietary Changes Help Reduce the Occurrence of Milia?"));
    }

    @Test
    void faqAsSchemaOrgFaqPageJsonLd() {
        JsonNode ld = Api.json(given().queryParam("locale", "en").accept("application/ld+json").when().get(GUIDE + "/faq")
                .then().statusCode(200).contentType(containsString("application/ld+json"))
                .header("Vary", containsString("Accept")).header("ETag", notNullValue()).extract().response());
        assertEquals("https://schema.org", ld.get("@context").asText());
        assertEquals("FAQPage", ld.get("@type").asText());
        assertEquals(5, ld.get("mainEntity").size());
        for (JsonNode q : ld.get("mainEntity")) {
            assertEquals("Question", q.get("@type").asText());
            assertTrue(!q.get("name").asText().isBlank());
            assertEquals("Answer", q.at("/acceptedAnswer/@type").asText());
            assertTrue(!q.at("/acceptedAnswer/text").asText().isBlank());
        }
        assertEquals("Can Milia in Infants Be Treated the Same Way as Adults?", ld.at("/mainEntity/0/name").asText());
        given().queryParam("locale", "zh-HK").accept("application/ld+json").when().get(GUIDE + "/faq").then()
                .statusCode(200).header("Content-Language", "zh-HK").body("inLanguage", equalTo("zh-HK"));
        String jsonTag = given().queryParam("locale", "en").accept("application/json").get(GUIDE + "/faq").header("ETag");
        assertNotEquals(jsonTag, given().queryParam("locale", "en").accept("application/ld+json").get(GUIDE + "/faq").header("ETag"));
    }

    @Test
    void guideListIsPaginatedSummariesInTheNegotiatedLocale() {
        given().header("Accept-Language", "zh-HK").when().get("/api/v1/guides").then().statusCode(200)
                .header("Content-Language", "zh-HK").header("ETag", notNullValue())
                .body("page", equalTo(0)).body("size", equalTo(20))
                .body("items.slug", hasItem(Api.SLUG))
                .body("items.find { it.slug == 'complete-milia-removal' }.locale", equalTo("zh-HK"))
                .body("items.find { it.slug == 'complete-milia-removal' }.reviewStatus", equalTo("machine-translated"));
        given().queryParam("size", 1).queryParam("locale", "en").when().get("/api/v1/guides").then().statusCode(200)
                .body("items", hasSize(1)).body("size", equalTo(1)).body("items.locale", everyItem(equalTo("en")));
        given().queryParam("size", 0).when().get("/api/v1/guides").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("size"));
        given().queryParam("page", -1).when().get("/api/v1/guides").then().statusCode(400)
                .body("errors[0].field", equalTo("page"));
    }

    @Test
    void unknownGuideIsANotFoundProblem() {
        for (String path : List.of("/api/v1/guides/no-such-guide", "/api/v1/guides/no-such-guide/faq")) {
            given().when().get(path).then().statusCode(404)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://api.clinic.hk/problems/not-found"))
                    .body("title", equalTo("Not found"))
                    .body("status", equalTo(404))
                    .body("instance", equalTo(path))
                    .body(not(containsString("Exception")));
        }
        given().accept("application/ld+json").when().get("/api/v1/guides/no-such-guide/faq").then().statusCode(404);
    }

    @Test
    void unknownRouteAndWrongMethodAreProblems() {
        given().when().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
        given().contentType("application/json").body("{}").when().post(GUIDE).then().statusCode(405)
                .contentType("application/problem+json").body("status", equalTo(405));
    }
}
