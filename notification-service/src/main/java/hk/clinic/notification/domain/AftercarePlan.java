package hk.clinic.notification.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** content-service's aftercare plan for one treatment, all locales in one document. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AftercarePlan(String treatmentCode, int version, Map<String, String> treatmentName, List<Step> steps) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Step(String key, String offset, Map<String, String> title, Map<String, String> body) {

        /** ISO-8601 offset from the treatment time ("PT48H", "P3D"); the clinic's zone has no DST. */
        public Duration offsetDuration() {
            return Duration.parse(offset);
        }
    }
}
