package hk.clinic.content.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import hk.clinic.content.domain.Block;
import hk.clinic.content.domain.Brand;
import hk.clinic.content.domain.FaqEntry;
import hk.clinic.content.domain.Section;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Guide", description = "A whole published guide in one locale, section 7 resolved from the aftercare rules")
public record GuideResponse(
        @Schema(example = "complete-milia-removal") String slug,
        @Schema(description = "The locale served (also in Content-Language)", example = "en") String locale,
        @Schema(enumeration = {"source", "machine-translated", "reviewed"}, example = "source") String reviewStatus,
        @Schema(description = "Published version of this locale", example = "1") int version,
        @Schema(example = "2026-11-26T09:30:00Z") OffsetDateTime publishedAt,
        @Schema(example = "[\"en\",\"zh-HK\"]") List<String> availableLocales,
        @Schema(example = "Complete Milia Removal") String title,
        @Schema(example = "Leila Tan") String author,
        @Schema(format = "date", example = "2025-10-15") String publishedOn,
        String summary,
        List<Block> intro,
        List<Section> sections,
        @Schema(example = "FAQ") String faqHeading,
        List<FaqEntry> faq,
        Brand brand) {
}
