package hk.clinic.content.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

public record AftercarePlanSummary(
        @Schema(example = "milia-laser-ablation") String treatmentCode,
        @Schema(example = "1") int version,
        @Schema(example = "complete-milia-removal") String guideSlug,
        Map<String, String> treatmentName) {

    public record Page(List<AftercarePlanSummary> items, @Schema(example = "0") int page,
                       @Schema(example = "20") int size, @Schema(example = "4") long total) {
    }
}
