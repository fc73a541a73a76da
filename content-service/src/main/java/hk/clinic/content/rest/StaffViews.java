package hk.clinic.content.rest;

import hk.clinic.content.domain.GuideContent;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.List;

/** Staff-side responses. */
public final class StaffViews {

    private StaffViews() {
    }

    @Schema(name = "StoredDraft")
    public record Draft(@Schema(example = "complete-milia-removal") String slug, @Schema(example = "zh-HK") String locale,
                        OffsetDateTime updatedAt, @Schema(example = "staff-42") String updatedBy, GuideContent draft) {
    }

    @Schema(name = "PublishedVersion")
    public record Published(@Schema(example = "complete-milia-removal") String slug, @Schema(example = "zh-HK") String locale,
                            @Schema(example = "2") int version, @Schema(example = "reviewed") String reviewStatus,
                            OffsetDateTime publishedAt, @Schema(example = "staff-42") String publishedBy) {
    }

    @Schema(name = "GuideVersion")
    public record Version(@Schema(example = "en") String locale, @Schema(example = "1") int version,
                          @Schema(example = "source") String reviewStatus, @Schema(example = "Complete Milia Removal") String title,
                          OffsetDateTime publishedAt, @Schema(example = "migration:2") String publishedBy,
                          @Schema(description = "Whether this is the version the public sees", example = "true") boolean current) {
    }

    @Schema(name = "GuideVersionPage")
    public record VersionPage(List<Version> items, @Schema(example = "0") int page, @Schema(example = "20") int size,
                              @Schema(example = "2") long total) {
    }
}
