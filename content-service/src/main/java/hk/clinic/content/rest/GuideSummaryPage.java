package hk.clinic.content.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

public record GuideSummaryPage(List<GuideSummary> items, @Schema(example = "0") int page, @Schema(example = "20") int size,
                               @Schema(example = "1") long total) {
}
