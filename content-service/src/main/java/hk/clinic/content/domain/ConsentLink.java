package hk.clinic.content.domain;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A part of a CTA's consent text that the app turns into a link to a legal document. */
public record ConsentLink(
        @Schema(required = true, example = "Privacy Policy") String label,
        @Schema(required = true, enumeration = {"registration-terms", "privacy-policy"}, example = "privacy-policy") String document) {
}
