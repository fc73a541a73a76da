package hk.clinic.content.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record SearchHit(
        @Schema(example = "complete-milia-removal") String guideSlug,
        @Schema(example = "Complete Milia Removal") String guideTitle,
        @Schema(enumeration = {"section", "faq"}, example = "section") String kind,
        @Schema(description = "Section, subsection or FAQ id to link to (#anchor)", example = "topical-treatments") String anchor,
        @Schema(example = "Dermatologist-Recommended Topical Treatments") String heading,
        @Schema(description = "Matching passage, matches wrapped in <mark></mark>",
                example = "<mark>Retinoids</mark> like adapalene (Differin) work by accelerating old skin cells renewal") String snippet,
        @Schema(example = "0.4") double rank) {
}
