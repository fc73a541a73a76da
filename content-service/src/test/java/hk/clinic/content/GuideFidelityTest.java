package hk.clinic.content;

import com.fasterxml.jackson.databind.JsonNode;
import hk.clinic.content.SeedFidelity.Unit;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seed page, faithfully, through the API: every sentence, every section, list, table row, FAQ and CTA. */
@QuarkusTest
class GuideFidelityTest {

    private JsonNode guide;
    private SeedFidelity.Seed seed;

    @BeforeEach
    void load() throws IOException {
        guide = Api.json(given().queryParam("locale", "en").when().get("/api/v1/guides/" + Api.SLUG)
                .then().statusCode(200).extract().response());
        seed = SeedFidelity.seed("/seed/complete-milia-removal.txt");
    }

    @Test
    void everySentenceOfTheSeedArticleIsInTheEnglishGuide() {
        String corpus = SeedFidelity.corpus(guide);
        List<String> missing = new ArrayList<>();
        int count = 0;
        for (Unit u : seed.units()) {
            List<String> parts = switch (u.kind()) {
                case "text", "item", "heading" -> SeedFidelity.sentences(u.last());
                case "row" -> u.values();
                default -> List.of();
            };
            for (String s : parts) {
                count++;
                if (!corpus.contains(s)) {
                    missing.add(s);
                }
            }
        }
        assertTrue(count > 150, "the seed has its article text: " + count + " sentences/cells");
        assertEquals(List.of(), missing, "seed sentences missing from the served guide");
    }

    @Test
    void theSeedAndTheServedGuideMatchUnitByUnitInReadingOrder() {
        List<Unit> expected = seed.units();
        List<Unit> actual = SeedFidelity.guideUnits(guide);
        for (int k = 0; k < Math.max(expected.size(), actual.size()); k++) {
            Unit e = k < expected.size() ? expected.get(k) : null;
            Unit a = k < actual.size() ? actual.get(k) : null;
            assertEquals(e, a, "unit #" + k);
        }
    }

    @Test
    void pageMetadataComesFromTheSeedWidgetsNotFromParagraphs() {
        assertEquals(seed.meta().get("author"), guide.get("author").asText());
        assertEquals(seed.meta().get("date"), guide.get("publishedOn").asText());
        assertEquals("Perfect Medical logo", guide.at("/brand/logoAlt").asText());
        assertEquals(List.of("facebook", "instagram", "youtube", "whatsapp"), SeedFidelity.strings(guide.at("/brand/social")));
        Set<String> noise = Set.of("sticky_image", "Perfect Medical logo", "免費體驗", "Acne Treatment", "1 Minute Self-Registration",
                "Date should not be before minimal date",
                "I have read and agree to the Registration Terms and Conditions and Privacy Policy.",
                "Perfect Medical's Acne Treatment", "facebookigyoutubewhatsapp");
        for (Unit u : SeedFidelity.guideUnits(guide)) {
            if (u.kind().equals("text") || u.kind().equals("item")) {
                assertFalse(noise.contains(u.last()), "widget text used as article text: " + u);
            }
        }
    }

    @Test
    void allNineSectionsAndTheNamedSubsectionsArePresent() {
        JsonNode sections = guide.get("sections");
        assertEquals(9, sections.size());
        for (int i = 0; i < 9; i++) {
            assertEquals(i + 1, sections.get(i).get("number").asInt());
        }
        List<String> subsections = new ArrayList<>();
        sections.forEach(s -> s.path("subsections").forEach(sub -> subsections.add(sub.get("heading").asText())));
        assertTrue(subsections.containsAll(List.of("Infection and Scarring Risks", "Improper Tool Hazards",
                "Deroofing vs. Manual Extraction", "Laser Ablation Benefits", "Sterile Tools Matter",
                "Daily Skincare Essentials", "Lifestyle Considerations")), subsections.toString());
        assertEquals("Recovery Time and Aftercare Following Milia Removal", sections.get(6).get("heading").asText());
        assertEquals("Final Thoughts", sections.get(8).get("heading").asText());
    }

    @Test
    void theTopicalTreatmentsTableHasItsThreeRows() {
        JsonNode table = blocks().stream().filter(b -> b.get("type").asText().equals("table")).findFirst().orElseThrow();
        assertEquals(List.of("Treatment Type", "Recommended Usage", "Best For"), SeedFidelity.strings(table.get("header")));
        assertEquals(3, table.get("rows").size());
        assertEquals(List.of("Retinoids", "2-3x weekly, gradually increasing", "Prevention & treatment"),
                SeedFidelity.strings(table.get("rows").get(0)));
        assertEquals(List.of("Salicylic Acid", "Daily or every other day", "Unclogging pores"),
                SeedFidelity.strings(table.get("rows").get(1)));
        assertEquals(List.of("Glycolic Acid", "Weekly mask application", "Surface exfoliation"),
                SeedFidelity.strings(table.get("rows").get(2)));
    }

    @Test
    void fiveFaqEntriesAndTheRegistrationCtasNameTheTrialTreatment() {
        assertEquals(5, guide.get("faq").size());
        List<JsonNode> ctas = blocks().stream().filter(b -> b.get("type").asText().equals("registrationCta")).toList();
        assertEquals(4, ctas.size(), "the seed shows the free-trial widget four times");
        for (JsonNode cta : ctas) {
            assertEquals("acne-treatment-trial", cta.get("treatmentCode").asText());
            assertEquals("Acne Treatment", cta.get("title").asText());
            assertEquals("1 Minute Self-Registration", cta.get("subtitle").asText());
            assertEquals("Date should not be before minimal date", cta.get("dateRuleMessage").asText());
            assertEquals(List.of("registration-terms", "privacy-policy"),
                    StreamSupport.stream(cta.get("consentLinks").spliterator(), false).map(l -> l.get("document").asText()).toList());
        }
        JsonNode link = blocks().stream().filter(b -> b.get("type").asText().equals("treatmentLink")).findFirst().orElseThrow();
        assertEquals("acne-treatment-trial", link.get("treatmentCode").asText());
        assertEquals("source", guide.get("reviewStatus").asText());
        assertEquals("en", guide.get("locale").asText());
    }

    private List<JsonNode> blocks() {
        List<JsonNode> all = new ArrayList<>();
        guide.get("intro").forEach(all::add);
        for (JsonNode s : guide.get("sections")) {
            s.get("blocks").forEach(all::add);
            s.path("subsections").forEach(sub -> sub.get("blocks").forEach(all::add));
        }
        return all;
    }
}
