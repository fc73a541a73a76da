package hk.clinic.content.domain;

import java.util.List;
import java.util.Map;

/** An aftercare plan as authored: steps cite rule ids, whose text lives in the aftercare rules. */
public record AftercarePlanSource(String treatmentCode, Integer version, String guideSlug,
                                  Map<String, String> treatmentName, List<GuideRef> guideRefs, List<Step> steps) {

    public record GuideRef(String anchor, String quote) {
    }

    public record Step(String key, String offset, Map<String, String> title, Map<String, String> body, List<String> rules) {
    }
}
