package hk.clinic.content.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

@Schema(name = "AftercarePlan", description = "A treatment's aftercare series in all locales; rules carry the guide's own wording")
public record AftercarePlanResponse(
        @Schema(example = "milia-laser-ablation") String treatmentCode,
        @Schema(description = "Raised when the plan's meaning changes", example = "1") int version,
        @Schema(example = "complete-milia-removal") String guideSlug,
        @Schema(example = "{\"en\":\"Milia laser ablation\",\"zh-HK\":\"激光消融脂肪粒\"}") Map<String, String> treatmentName,
        @Schema(description = "Guide passages the plan is based on") List<Map<String, String>> guideRefs,
        List<Step> steps) {

    public record Step(
            @Schema(example = "immediate") String key,
            @Schema(description = "ISO-8601 duration after the treatment time", example = "PT0S") String offset,
            @Schema(example = "{\"en\":\"Right after your treatment\",\"zh-HK\":\"治療後即時護理\"}") Map<String, String> title,
            Map<String, String> body,
            List<Rule> rules) {
    }

    public record Rule(
            @Schema(example = "no-touch-48h") String id,
            @Schema(example = "{\"en\":\"During this time, avoid touching the treated area for at least 48 hours to prevent infection.\",\"zh-HK\":\"在此期間，請避免觸碰治療部位至少48小時，以防感染。\"}")
            Map<String, String> text) {
    }
}
