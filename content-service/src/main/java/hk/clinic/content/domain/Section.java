package hk.clinic.content.domain;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A numbered section: its own blocks first, then each subsection's heading and blocks (reading order). */
public record Section(
        @Schema(required = true, example = "2") Integer number,
        @Schema(required = true, example = "self-extraction-risks") String anchor,
        @Schema(required = true, example = "Why Is Self-Extraction of Milia Risky?") String heading,
        @Schema(required = true) List<Block> blocks,
        List<Subsection> subsections) {
}
