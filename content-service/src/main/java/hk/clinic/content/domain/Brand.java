package hk.clinic.content.domain;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Page furniture of the source page (logo, social links) kept as metadata, never as article text. */
public record Brand(
        @Schema(example = "Perfect Medical") String name,
        @Schema(example = "Perfect Medical logo") String logoAlt,
        @Schema(example = "[\"facebook\",\"instagram\",\"youtube\",\"whatsapp\"]") List<String> social) {
}
