package hk.clinic.content.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

public record SearchResultPage(
        @Schema(example = "retinoids") String query,
        @Schema(example = "en") String locale,
        List<SearchHit> items,
        @Schema(example = "0") int page,
        @Schema(example = "20") int size,
        @Schema(example = "4") long total) {
}
