package hk.clinic.content.domain;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

public record Subsection(
        @Schema(required = true, example = "infection-and-scarring-risks") String anchor,
        @Schema(required = true, example = "Infection and Scarring Risks") String heading,
        @Schema(required = true) List<Block> blocks) {
}
