package hk.clinic.content.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * One typed block of a guide. A single record with optional fields (rather than one class per type) keeps the
 * wire format flat, as the content files and the apps use it; {@link GuideValidator} enforces which fields
 * each {@code type} needs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A typed block. Fields by type: paragraph {text | ruleRefs (text is then resolved from the aftercare rules)}; "
        + "list {ordered, items}; table {caption?, header, rows}; callout {variant, text}; "
        + "registrationCta {treatmentCode, badge, title, subtitle, dateRuleMessage, consentText, consentLinks}; "
        + "treatmentLink {treatmentCode, text}.",
        example = "{\"type\":\"table\",\"header\":[\"Treatment Type\",\"Recommended Usage\",\"Best For\"],"
                + "\"rows\":[[\"Retinoids\",\"2-3x weekly, gradually increasing\",\"Prevention & treatment\"]]}")
public record Block(
        @Schema(required = true, enumeration = {"paragraph", "list", "table", "callout", "registrationCta", "treatmentLink"}, example = "paragraph")
        String type,
        @Schema(example = "Milia are completely harmless and asymptomatic.") String text,
        @Schema(description = "Aftercare rule ids (section 7 only); the served text joins their texts with the guide's ruleJoiner",
                example = "[\"no-touch-48h\"]") List<String> ruleRefs,
        @Schema(example = "true") Boolean ordered,
        List<String> items,
        String caption,
        List<String> header,
        List<List<String>> rows,
        @Schema(enumeration = {"info", "warning", "tip"}) String variant,
        @Schema(description = "Booking treatment code offered by a registrationCta or treatmentLink", example = "acne-treatment-trial")
        String treatmentCode,
        @Schema(example = "免費體驗") String badge,
        @Schema(example = "Acne Treatment") String title,
        @Schema(example = "1 Minute Self-Registration") String subtitle,
        @Schema(example = "Date should not be before minimal date") String dateRuleMessage,
        @Schema(example = "I have read and agree to the Registration Terms and Conditions and Privacy Policy.") String consentText,
        List<ConsentLink> consentLinks) {

    public static final String PARAGRAPH = "paragraph";
    public static final String LIST = "list";
    public static final String TABLE = "table";
    public static final String CALLOUT = "callout";
    public static final String REGISTRATION_CTA = "registrationCta";
    public static final String TREATMENT_LINK = "treatmentLink";

    /** The same block with its paragraph text set (ruleRefs kept, so clients can see where the text comes from). */
    public Block withText(String newText) {
        return new Block(type, newText, ruleRefs, ordered, items, caption, header, rows, variant, treatmentCode, badge,
                title, subtitle, dateRuleMessage, consentText, consentLinks);
    }
}
