package hk.clinic.content.domain;

import java.util.Map;

public record AftercareRuleSource(String id, Map<String, String> text) {
}
