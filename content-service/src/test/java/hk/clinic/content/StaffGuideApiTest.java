package hk.clinic.content;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Staff drafts and publishing: validation, visibility, version history, auth. */
@QuarkusTest
class StaffGuideApiTest {

    private static RequestSpecification staff() {
        return given().auth().oauth2(Api.staffToken());
    }

    /** The English milia guide as a draft body for a new slug (the content file minus slug/locale). */
    private static ObjectNode draftBody(String title) {
        ObjectNode doc = (ObjectNode) Api.contentFile("guides/complete-milia-removal/en.json").deepCopy();
        doc.remove("slug");
        doc.remove("locale");
        doc.put("title", title);
        return doc;
    }

    private static String newSlug() {
        return "staff-guide-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void draftsAreInvisibleUntilPublishedAndPublishingKeepsHistory() {
        String slug = newSlug();
        String drafts = "/api/v1/staff/guides/" + slug + "/drafts/en";
        staff().contentType("application/json").body(draftBody("First title").toString()).when().put(drafts).then()
                .statusCode(201).body("slug", equalTo(slug)).body("locale", equalTo("en"))
                .body("updatedBy", equalTo("staff-7")).body("draft.title", equalTo("First title"));
        staff().when().get(drafts).then().statusCode(200).body("draft.title", equalTo("First title"))
                .body("draft.sections", hasSize(9));
        given().when().get("/api/v1/guides/" + slug).then().statusCode(404);
        given().queryParam("q", "retinoids").queryParam("locale", "en").when().get("/api/v1/search").then()
                .body("items.guideSlug", not(hasItem(slug)));

        staff().queryParam("locale", "en").when().post("/api/v1/staff/guides/" + slug + "/publish").then().statusCode(200)
                .body("version", equalTo(1)).body("locale", equalTo("en")).body("publishedBy", equalTo("staff-7"));
        String v1Etag = given().when().get("/api/v1/guides/" + slug).then().statusCode(200)
                .body("title", equalTo("First title")).body("version", equalTo(1))
                .body("sections[6].blocks[1].text", equalTo("During this time, avoid touching the treated area for at least 48 hours to prevent infection."))
                .extract().header("ETag");
        given().queryParam("q", "retinoids").queryParam("locale", "en").when().get("/api/v1/search").then()
                .body("items.guideSlug", hasItem(slug));
        given().queryParam("locale", "en").when().get("/api/v1/guides").then().body("items.slug", hasItem(slug));

        // A new draft does not change what the public sees ...
        staff().contentType("application/json").body(draftBody("Second title").toString()).when().put(drafts).then()
                .statusCode(200).body("draft.title", equalTo("Second title"));
        given().when().get("/api/v1/guides/" + slug).then().statusCode(200).body("title", equalTo("First title"))
                .header("ETag", v1Etag);
        // ... until it is published: then at once, with a new ETag, and the old tag no longer matches.
        staff().queryParam("locale", "en").when().post("/api/v1/staff/guides/" + slug + "/publish").then().statusCode(200)
                .body("version", equalTo(2));
        String v2Etag = given().header("If-None-Match", v1Etag).when().get("/api/v1/guides/" + slug).then().statusCode(200)
                .body("title", equalTo("Second title")).body("version", equalTo(2)).extract().header("ETag");
        assertNotEquals(v1Etag, v2Etag);

        staff().when().get("/api/v1/staff/guides/" + slug + "/versions").then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.version", equalTo(List.of(2, 1)))
                .body("items.title", equalTo(List.of("Second title", "First title")))
                .body("items.current", equalTo(List.of(true, false)));

        // zh-HK was never published for this guide: it falls back to English.
        given().header("Accept-Language", "zh-HK").when().get("/api/v1/guides/" + slug).then().statusCode(200)
                .header("Content-Language", "en").body("availableLocales", equalTo(List.of("en")));
    }

    @Test
    void theLoadedGuideHasItsMigrationVersionsInTheHistory() {
        staff().when().get("/api/v1/staff/guides/complete-milia-removal/versions").then().statusCode(200)
                .body("items.locale", hasItems("en", "zh-HK"))
                .body("items.publishedBy", hasItem("migration:2"));
        staff().when().get("/api/v1/staff/guides/no-such-guide/versions").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aPublishOnAnotherReplicaReachesThisOneThroughTheRevisionCheck() throws SQLException {
        String slug = newSlug();
        staff().contentType("application/json").body(draftBody("Replica A").toString()).when()
                .put("/api/v1/staff/guides/" + slug + "/drafts/en").then().statusCode(201);
        staff().queryParam("locale", "en").when().post("/api/v1/staff/guides/" + slug + "/publish").then().statusCode(200);
        given().when().get("/api/v1/guides/" + slug).then().statusCode(200).body("title", equalTo("Replica A"));
        // Another replica publishes: it writes the rows and bumps the revision; this replica's cache knows nothing.
        var config = ConfigProvider.getConfig();
        try (Connection c = DriverManager.getConnection(config.getValue("infra.jdbc-url", String.class),
                config.getValue("infra.admin-user", String.class), "");
             Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE content.guide_version SET document = jsonb_set(document, '{title}', '\"Replica B\"') "
                    + "WHERE guide_id = (SELECT id FROM content.guide WHERE slug = '" + slug + "')");
            s.executeUpdate("UPDATE content.content_revision SET revision = revision + 1");
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().when().get("/api/v1/guides/" + slug).then().statusCode(200).body("title", equalTo("Replica B")));
    }

    @Test
    void aTranslationPublishedOnAnotherReplicaReplacesTheFallbackOnceTheRevisionMoves() throws SQLException {
        String slug = newSlug();
        String guide = "/api/v1/guides/" + slug;
        staff().contentType("application/json").body(draftBody("English only").toString()).when()
                .put("/api/v1/staff/guides/" + slug + "/drafts/en").then().statusCode(201);
        staff().queryParam("locale", "en").when().post("/api/v1/staff/guides/" + slug + "/publish").then().statusCode(200);
        String fallbackTag = given().header("Accept-Language", "zh-HK").when().get(guide).then().statusCode(200)
                .header("Content-Language", "en").extract().header("ETag");
        given().header("Accept-Language", "zh-HK").header("If-None-Match", fallbackTag).when().get(guide).then()
                .statusCode(304).header("ETag", fallbackTag).header("Content-Language", "en");

        // Another replica publishes a zh-HK version: rows first, then (in its own transaction) the revision.
        sql("INSERT INTO content.guide_version (id, guide_id, locale, version, review_status, title, document, published_at, published_by) "
                + "SELECT gen_random_uuid(), guide_id, 'zh-HK', 1, 'machine-translated', '副本', "
                + "jsonb_set(document, '{title}', '\"副本\"'), now(), 'replica-b' FROM content.guide_version "
                + "WHERE locale = 'en' AND guide_id = (SELECT id FROM content.guide WHERE slug = '" + slug + "')",
                "INSERT INTO content.guide_publication (guide_id, locale, version_id) SELECT guide_id, 'zh-HK', id "
                        + "FROM content.guide_version WHERE locale = 'zh-HK' "
                        + "AND guide_id = (SELECT id FROM content.guide WHERE slug = '" + slug + "')");
        // Until the revision moves this replica has no reason to look: it keeps answering from its renderings.
        given().header("Accept-Language", "zh-HK").header("If-None-Match", fallbackTag).when().get(guide).then()
                .statusCode(304).header("Content-Language", "en");
        sql("UPDATE content.content_revision SET revision = revision + 1");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().header("Accept-Language", "zh-HK").header("If-None-Match", fallbackTag).when().get(guide).then()
                        .statusCode(200).header("Content-Language", "zh-HK").header("ETag", not(equalTo(fallbackTag)))
                        .body("title", equalTo("副本")).body("availableLocales", equalTo(List.of("en", "zh-HK"))));
        given().header("Accept-Language", "en").when().get(guide).then().statusCode(200)
                .body("title", equalTo("English only")).body("availableLocales", equalTo(List.of("en", "zh-HK")));
    }

    @Test
    void aReplicaThatCannotReadTheRevisionServesNothingOlderThanTheInterval() throws SQLException {
        String slug = newSlug();
        String guide = "/api/v1/guides/" + slug;
        staff().contentType("application/json").body(draftBody("Checked").toString()).when()
                .put("/api/v1/staff/guides/" + slug + "/drafts/en").then().statusCode(201);
        staff().queryParam("locale", "en").when().post("/api/v1/staff/guides/" + slug + "/publish").then().statusCode(200);
        given().when().get(guide).then().statusCode(200).body("title", equalTo("Checked"));
        try {
            // The revision row cannot be read any more (as when the database is away): once the last check is older
            // than the interval, even a page this replica holds is not served, since it may be stale by now.
            sql("REVOKE SELECT ON content.content_revision FROM " + serviceUser());
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    given().when().get(guide).then().statusCode(500).contentType("application/problem+json"));
        } finally {
            sql("GRANT SELECT ON content.content_revision TO " + serviceUser());
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().when().get(guide).then().statusCode(200).body("title", equalTo("Checked")));
    }

    /** Statements as the database's admin, outside the service: what another replica (or an operator) does. */
    private static void sql(String... statements) throws SQLException {
        var config = ConfigProvider.getConfig();
        try (Connection c = DriverManager.getConnection(config.getValue("infra.jdbc-url", String.class),
                config.getValue("infra.admin-user", String.class), "");
             Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.executeUpdate(statement);
            }
        }
    }

    private static String serviceUser() {
        return ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class);
    }

    @Test
    void invalidBlocksAreRefusedWithFieldErrors() {
        ObjectNode doc = draftBody("Broken");
        ArrayNode sections = (ArrayNode) doc.get("sections");
        ((ObjectNode) sections.get(0).get("blocks").get(0)).put("type", "video");
        ObjectNode table = (ObjectNode) sections.get(3).get("blocks").get(1);
        ((ArrayNode) table.get("rows").get(0)).remove(2);
        ObjectNode cta = (ObjectNode) sections.get(1).get("subsections").get(1).get("blocks").get(6);
        cta.put("treatmentCode", "botox");
        ObjectNode list = (ObjectNode) sections.get(1).get("subsections").get(0).get("blocks").get(3);
        list.remove("ordered");
        ((ObjectNode) sections.get(6).get("blocks").get(1)).putArray("ruleRefs").add("no-such-rule");
        ((ObjectNode) sections.get(6).get("blocks").get(2)).put("text", "both text and ruleRefs");
        doc.put("reviewStatus", "approved");
        doc.remove("title");
        String slug = newSlug();
        staff().contentType("application/json").body(doc.toString()).when().put("/api/v1/staff/guides/" + slug + "/drafts/en")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://api.clinic.hk/problems/validation-failed"))
                .body("errors.field", hasItems("sections[0].blocks[0].type", "sections[3].blocks[1].rows[0]",
                        "sections[1].subsections[1].blocks[6].treatmentCode", "sections[1].subsections[0].blocks[3].ordered",
                        "sections[6].blocks[1].ruleRefs[0]", "sections[6].blocks[2]", "reviewStatus", "title"))
                .body("errors.find { it.field == 'sections[3].blocks[1].rows[0]' }.message",
                        equalTo("must have 3 cells like the header, has 2"));
        staff().when().get("/api/v1/staff/guides/" + slug + "/drafts/en").then().statusCode(404);
        staff().contentType("application/json").body("{}").when().put("/api/v1/staff/guides/" + slug + "/drafts/en")
                .then().statusCode(400).body("errors.field", hasItems("reviewStatus", "title", "sections", "intro"));
        staff().contentType("application/json").body(draftBody("x").toString()).when()
                .put("/api/v1/staff/guides/Not_A_Slug/drafts/en").then().statusCode(400).body("errors[0].field", equalTo("slug"));
    }

    @Test
    void aTranslationDraftMustKeepThePublishedEnglishSkeleton() {
        String path = "/api/v1/staff/guides/" + Api.SLUG + "/drafts/zh-HK";
        ObjectNode zh = (ObjectNode) Api.contentFile("guides/complete-milia-removal/zh-HK.json").deepCopy();
        zh.remove("slug");
        zh.remove("locale");
        zh.put("reviewStatus", "reviewed");
        ObjectNode broken = zh.deepCopy();
        ((ArrayNode) broken.get("sections").get(3).get("blocks")).remove(2);
        ((ObjectNode) broken.get("sections").get(6).get("blocks").get(0)).putArray("ruleRefs").add("heal-time");
        ((ObjectNode) broken.get("sections").get(0)).put("anchor", "milia-basics");
        staff().contentType("application/json").body(broken.toString()).when().put(path).then().statusCode(400)
                .body("detail", containsString("does not line up"))
                .body("errors.field", hasItems("sections[3].blocks", "sections[6].blocks[0].ruleRefs", "sections[0].anchor"));
        staff().contentType("application/json").body(zh.toString()).when().put(path).then().statusCode(201)
                .body("draft.reviewStatus", equalTo("reviewed"));
        // Saved, not published: the public still reads the machine translation.
        given().queryParam("locale", "zh-HK").when().get("/api/v1/guides/" + Api.SLUG).then()
                .body("reviewStatus", equalTo("machine-translated"));
    }

    @Test
    void malformedBodiesAndWrongContentTypesAreProblems() {
        String path = "/api/v1/staff/guides/" + newSlug() + "/drafts/en";
        staff().contentType("application/json").body("{\"title\": ").when().put(path).then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://api.clinic.hk/problems/malformed-json"))
                .body(not(containsString("Exception")));
        staff().contentType("application/json").body("{\"sections\": \"not a list\"}").when().put(path).then()
                .statusCode(400).body("type", equalTo("https://api.clinic.hk/problems/malformed-json"))
                .body(not(containsString("java.")));
        staff().contentType("application/json").body("").when().put(path).then().statusCode(400)
                .contentType("application/problem+json");
        staff().contentType("text/plain").body("hello").when().put(path).then().statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo("https://api.clinic.hk/problems/unsupported-media-type"));
        staff().contentType("application/json").body(draftBody("x").toString()).when()
                .put("/api/v1/staff/guides/" + newSlug() + "/drafts/fr").then().statusCode(400)
                .body("type", equalTo("https://api.clinic.hk/problems/unsupported-locale"));
    }

    @Test
    void publishingNeedsADraftAndALocale() {
        staff().queryParam("locale", "en").when().post("/api/v1/staff/guides/no-such-guide/publish").then().statusCode(404)
                .contentType("application/problem+json");
        String slug = newSlug();
        staff().contentType("application/json").body(draftBody("Only English").toString()).when()
                .put("/api/v1/staff/guides/" + slug + "/drafts/en").then().statusCode(201);
        staff().queryParam("locale", "zh-HK").when().post("/api/v1/staff/guides/" + slug + "/publish").then().statusCode(404)
                .body("detail", containsString("zh-HK"));
        staff().when().post("/api/v1/staff/guides/" + slug + "/publish").then().statusCode(400);
        staff().queryParam("locale", "xx").when().post("/api/v1/staff/guides/" + slug + "/publish").then().statusCode(400);
    }

    @Test
    void aDraftCitingARuleThatNoLongerExistsIsNotPublished() throws SQLException {
        String slug = newSlug();
        staff().contentType("application/json").body(draftBody("Stale rules").toString()).when()
                .put("/api/v1/staff/guides/" + slug + "/drafts/en").then().statusCode(201);
        // The rule set changed after the draft was saved (simulated in the stored draft).
        var config = ConfigProvider.getConfig();
        try (Connection c = DriverManager.getConnection(config.getValue("infra.jdbc-url", String.class),
                config.getValue("infra.admin-user", String.class), "");
             Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE content.guide_draft SET document = jsonb_set(document, '{sections,6,blocks,1,ruleRefs}', "
                    + "'[\"no-touch-24h\"]') WHERE guide_id = (SELECT id FROM content.guide WHERE slug = '" + slug + "')");
        }
        staff().queryParam("locale", "en").when().post("/api/v1/staff/guides/" + slug + "/publish").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://api.clinic.hk/problems/draft-no-longer-valid"))
                .body("errors[0].field", equalTo("sections[6].blocks[1].ruleRefs[0]"));
        given().when().get("/api/v1/guides/" + slug).then().statusCode(404);
    }

    @Test
    void staffEndpointsNeedATokenWithTheStaffGroup() {
        String slug = Api.SLUG;
        List<String[]> calls = List.of(new String[]{"GET", "/api/v1/staff/guides/" + slug + "/versions"},
                new String[]{"GET", "/api/v1/staff/guides/" + slug + "/drafts/en"},
                new String[]{"PUT", "/api/v1/staff/guides/" + slug + "/drafts/en"},
                new String[]{"POST", "/api/v1/staff/guides/" + slug + "/publish?locale=en"});
        for (String[] call : calls) {
            given().contentType("application/json").body(draftBody("x").toString()).when().request(call[0], call[1]).then()
                    .statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", containsString("Bearer"))
                    .body("type", equalTo("https://api.clinic.hk/problems/unauthorized"));
            given().auth().oauth2("not-a-jwt").contentType("application/json").body(draftBody("x").toString())
                    .when().request(call[0], call[1]).then().statusCode(401);
            given().auth().oauth2(Api.patientToken()).contentType("application/json").body(draftBody("x").toString())
                    .when().request(call[0], call[1]).then().statusCode(403).contentType("application/problem+json")
                    .body("type", equalTo("https://api.clinic.hk/problems/forbidden"));
        }
        // Nothing of that reached the data.
        staff().when().get("/api/v1/staff/guides/" + slug + "/drafts/en").then().statusCode(404);
    }

    @Test
    void draftsAndVersionsAreStoredInTheContentSchema() throws SQLException {
        String slug = newSlug();
        staff().contentType("application/json").body(draftBody("Stored").toString()).when()
                .put("/api/v1/staff/guides/" + slug + "/drafts/en").then().statusCode(201);
        staff().queryParam("locale", "en").when().post("/api/v1/staff/guides/" + slug + "/publish").then().statusCode(200);
        var config = ConfigProvider.getConfig();
        try (Connection c = DriverManager.getConnection(config.getValue("infra.jdbc-url", String.class),
                config.getValue("infra.admin-user", String.class), "");
             PreparedStatement ps = c.prepareStatement("""
                     SELECT v.version, v.review_status, (SELECT count(*) FROM content.guide_faq f WHERE f.version_id = v.id),
                            (SELECT count(*) FROM content.search_entry e WHERE e.version_id = v.id)
                     FROM content.guide_version v JOIN content.guide g ON g.id = v.guide_id WHERE g.slug = ?""")) {
            ps.setString(1, slug);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(1, rs.getInt(1));
                assertEquals("source", rs.getString(2));
                assertEquals(5, rs.getInt(3));
                assertEquals(1 + 9 + 7 + 5, rs.getInt(4), "intro, 9 sections, 7 subsections, 5 FAQ entries");
            }
        }
    }

}
