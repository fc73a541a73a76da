package hk.clinic.content.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The aftercare rules: the one source of the sentences in a guide's section 7 and in every aftercare plan.
 * Guides hold only rule ids; their text is joined here, so the guide and the plans cannot drift apart.
 */
public record AftercareRules(Map<String, Map<String, String>> textById) {

    public AftercareRules {
        textById = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(textById));
    }

    public String text(String ruleId, String locale) {
        Map<String, String> t = textById.get(ruleId);
        if (t == null) {
            throw new IllegalArgumentException("unknown aftercare rule " + ruleId);
        }
        String s = t.get(locale);
        return s != null ? s : t.get(Locales.EN);
    }

    /** The guide as served: every ruleRefs paragraph gets the joined rule texts of the guide's locale. */
    public GuideContent resolve(GuideContent g, String locale) {
        String joiner = g.ruleJoiner() == null ? " " : g.ruleJoiner();
        List<Section> sections = new ArrayList<>();
        for (Section s : g.sections()) {
            List<Subsection> subs = s.subsections() == null ? List.of() : s.subsections().stream()
                    .map(sub -> new Subsection(sub.anchor(), sub.heading(), resolve(sub.blocks(), locale, joiner)))
                    .toList();
            sections.add(new Section(s.number(), s.anchor(), s.heading(), resolve(s.blocks(), locale, joiner), subs));
        }
        return new GuideContent(g.reviewStatus(), g.title(), g.author(), g.publishedOn(), g.summary(), g.ruleJoiner(),
                resolve(g.intro(), locale, joiner), sections, g.faqHeading(), g.faq(), g.brand());
    }

    private List<Block> resolve(List<Block> blocks, String locale, String joiner) {
        return blocks.stream().map(b -> b.ruleRefs() == null ? b
                : b.withText(b.ruleRefs().stream().map(id -> text(id, locale)).collect(Collectors.joining(joiner))))
                .toList();
    }
}
