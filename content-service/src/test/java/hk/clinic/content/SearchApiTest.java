package hk.clinic.content;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

/** Full-text search in both locales, ranked, pointing at the matching section. */
@QuarkusTest
class SearchApiTest {

    private static final String SEARCH = "/api/v1/search";

    @Test
    void englishSearchIsStemmedRankedAndPointsAtTheSection() {
        given().queryParam("q", "retinoids").queryParam("locale", "en").when().get(SEARCH).then().statusCode(200)
                .header("Content-Language", "en").header("ETag", notNullValue())
                .header("Vary", containsString("Accept-Language"))
                .body("query", equalTo("retinoids"))
                .body("locale", equalTo("en"))
                .body("total", greaterThanOrEqualTo(3))
                .body("items.guideSlug", everyItem(equalTo(Api.SLUG)))
                .body("items.anchor", hasItem("topical-treatments"))
                .body("items.anchor", hasItem("recovery-and-aftercare"))
                .body("items.anchor", hasItem("infant-milia"))
                .body("items.find { it.anchor == 'topical-treatments' }.heading", equalTo("Dermatologist-Recommended Topical Treatments"))
                .body("items.find { it.anchor == 'topical-treatments' }.snippet", containsString("<mark>Retinoids</mark>"))
                .body("items.find { it.anchor == 'infant-milia' }.kind", equalTo("faq"))
                .body("items[0].rank", greaterThan(0f));
        // Stemming: the singular finds the plural.
        given().queryParam("q", "retinoid").queryParam("locale", "en").when().get(SEARCH).then().statusCode(200)
                .body("items.anchor", hasItem("topical-treatments"));
    }

    @Test
    void aHeadingMatchRanksFirst() {
        given().queryParam("q", "laser ablation benefits").queryParam("locale", "en").when().get(SEARCH).then()
                .statusCode(200).body("items[0].anchor", equalTo("laser-ablation-benefits"));
    }

    @Test
    void chineseSearchMatchesTraditionalChineseText() {
        given().queryParam("q", "水楊酸").header("Accept-Language", "zh-HK").when().get(SEARCH).then().statusCode(200)
                .header("Content-Language", "zh-HK")
                .body("locale", equalTo("zh-HK"))
                .body("items.anchor", hasItem("topical-treatments"))
                .body("items.find { it.anchor == 'topical-treatments' }.heading", equalTo("皮膚科醫生推薦的外用治療"))
                .body("items.find { it.anchor == 'topical-treatments' }.snippet", containsString("<mark>水楊酸</mark>"));
        // "A酸" (the guide's word for retinoids) mixes a Latin letter with Han characters.
        given().queryParam("q", "A酸").queryParam("locale", "zh-HK").when().get(SEARCH).then().statusCode(200)
                .body("items.anchor", hasItem("topical-treatments"))
                .body("items.anchor", hasItem("recovery-and-aftercare"));
        // Section 7 is resolved from the aftercare rules, and is searchable like any section.
        given().queryParam("q", "撲熱息痛").queryParam("locale", "zh-HK").when().get(SEARCH).then().statusCode(200)
                .body("items.anchor", equalTo(List.of("recovery-and-aftercare")));
        given().queryParam("q", "嬰兒").queryParam("locale", "zh-HK").when().get(SEARCH).then().statusCode(200)
                .body("items.kind", hasItem("faq"));
    }

    @Test
    void bigramsOfAPhraseMustBeAdjacent() {
        // 酸水 never occurs; its characters do, separately. A phrase query must not match scattered characters.
        given().queryParam("q", "酸水楊").queryParam("locale", "zh-HK").when().get(SEARCH).then().statusCode(200)
                .body("items", hasSize(0)).body("total", equalTo(0));
    }

    @Test
    void searchIsInTheRequestedLocaleOnly() {
        given().queryParam("q", "水楊酸").queryParam("locale", "en").when().get(SEARCH).then().statusCode(200)
                .body("items", hasSize(0));
        given().queryParam("q", "salicylic").queryParam("locale", "zh-HK").when().get(SEARCH).then().statusCode(200)
                .body("items", hasSize(0));
        given().queryParam("q", "salicylic").queryParam("locale", "en").when().get(SEARCH).then().statusCode(200)
                .body("items.anchor", hasItem("topical-treatments"));
    }

    @Test
    void noHitsIsAnEmptyPageNotAnError() {
        given().queryParam("q", "tattoo removal").queryParam("locale", "en").when().get(SEARCH).then().statusCode(200)
                .body("items", hasSize(0)).body("total", equalTo(0));
        // Only stop words: nothing to look for, nothing found.
        given().queryParam("q", "the and of").queryParam("locale", "en").when().get(SEARCH).then().statusCode(200)
                .body("items", hasSize(0));
        // Query syntax characters are text, never a syntax error.
        given().queryParam("q", "retinoids & | ! ( ' \"").queryParam("locale", "en").when().get(SEARCH).then().statusCode(200);
        given().queryParam("q", "A酸 & ' :*").queryParam("locale", "zh-HK").when().get(SEARCH).then().statusCode(200);
    }

    @Test
    void searchIsPaginatedAndAPagePastTheEndStillKnowsTheTotal() {
        int total = given().queryParam("q", "milia").queryParam("locale", "en").when().get(SEARCH).then().statusCode(200)
                .extract().path("total");
        given().queryParam("q", "milia").queryParam("locale", "en").queryParam("size", 2).queryParam("page", 1).when()
                .get(SEARCH).then().statusCode(200).body("items", hasSize(2)).body("total", equalTo(total))
                .body("page", equalTo(1)).body("size", equalTo(2));
        given().queryParam("q", "milia").queryParam("locale", "en").queryParam("page", 50).when().get(SEARCH).then()
                .statusCode(200).body("items", hasSize(0)).body("total", equalTo(total));
    }

    @Test
    void searchResultsAreCacheableWithEtag() {
        String etag = given().queryParam("q", "sunscreen").queryParam("locale", "en").when().get(SEARCH).then()
                .statusCode(200).extract().header("ETag");
        given().queryParam("q", "sunscreen").queryParam("locale", "en").header("If-None-Match", etag).when().get(SEARCH)
                .then().statusCode(304);
    }

    @Test
    void emptyTooLongOrMalformedQueriesAreRefused() {
        for (String q : List.of("", "   ", "x".repeat(201), "!!! ???", "bad\u0000query")) {
            given().queryParam("q", q).queryParam("locale", "en").when().get(SEARCH).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://api.clinic.hk/problems/invalid-query"))
                    .body("errors[0].field", equalTo("q"));
        }
        given().when().get(SEARCH).then().statusCode(400).body("errors[0].field", equalTo("q"));
        given().queryParam("q", "milia").queryParam("locale", "xx").when().get(SEARCH).then().statusCode(400)
                .body("type", equalTo("https://api.clinic.hk/problems/unsupported-locale"));
        given().queryParam("q", "milia").queryParam("size", 500).when().get(SEARCH).then().statusCode(400)
                .body("errors[0].field", equalTo("size"));
    }
}
