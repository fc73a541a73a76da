package hk.clinic.content.domain;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record FaqEntry(
        @Schema(required = true, example = "dietary-changes") String id,
        @Schema(required = true, example = "Can Dietary Changes Help Reduce the Occurrence of Milia?") String question,
        @Schema(required = true, example = "Yes, dietary changes can help reduce milia.") String answer) {
}
