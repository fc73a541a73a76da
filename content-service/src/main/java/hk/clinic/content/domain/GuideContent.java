package hk.clinic.content.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The localized body of a guide, as authored (a draft, a published version, a content file). Section 7's
 * paragraphs carry {@code ruleRefs} instead of text: the text is joined from the aftercare rules when served.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "GuideDraft", description = "The localized guide document staff write as a draft (slug and locale come from the path)")
public record GuideContent(
        @Schema(required = true, enumeration = {"source", "machine-translated", "reviewed"}, example = "machine-translated") String reviewStatus,
        @Schema(required = true, example = "Complete Milia Removal") String title,
        @Schema(required = true, example = "Leila Tan") String author,
        @Schema(required = true, format = "date", example = "2025-10-15") String publishedOn,
        @Schema(required = true, example = "Why you shouldn't pick at milia at home.") String summary,
        @Schema(description = "Joins the texts of a paragraph's ruleRefs: \" \" for en, \"\" for zh-HK", example = " ") String ruleJoiner,
        @Schema(required = true) List<Block> intro,
        @Schema(required = true) List<Section> sections,
        @Schema(example = "FAQ") String faqHeading,
        List<FaqEntry> faq,
        Brand brand) {
}
