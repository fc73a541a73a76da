package hk.clinic.content.rest;

import hk.clinic.content.domain.FaqEntry;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

@Schema(name = "Faq")
public record FaqResponse(
        @Schema(example = "complete-milia-removal") String slug,
        @Schema(example = "en") String locale,
        @Schema(example = "source") String reviewStatus,
        @Schema(example = "FAQ") String heading,
        List<FaqEntry> items) {
}
