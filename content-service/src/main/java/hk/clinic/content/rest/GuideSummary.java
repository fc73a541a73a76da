package hk.clinic.content.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.List;

public record GuideSummary(
        @Schema(example = "complete-milia-removal") String slug,
        @Schema(example = "en") String locale,
        @Schema(example = "source") String reviewStatus,
        @Schema(example = "1") int version,
        @Schema(example = "Complete Milia Removal") String title,
        @Schema(example = "Leila Tan") String author,
        @Schema(format = "date", example = "2025-10-15") String publishedOn,
        String summary,
        OffsetDateTime publishedAt,
        @Schema(example = "[\"en\",\"zh-HK\"]") List<String> availableLocales) {
}
