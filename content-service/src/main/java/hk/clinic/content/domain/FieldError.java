package hk.clinic.content.domain;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record FieldError(
        @Schema(example = "sections[1].subsections[1].blocks[6].treatmentCode") String field,
        @Schema(example = "must be one of the booking treatment codes") String message) {
}
