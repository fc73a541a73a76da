package hk.clinic.content.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One searchable piece of a guide: the intro, a section's own text, a subsection, or an FAQ entry, each
 * with the anchor a result links to.
 */
public record SearchUnit(String kind, String anchor, String heading, String body) {

    public static final String SECTION = "section";
    public static final String FAQ = "faq";

    /** @param g the guide with section 7 already resolved from the aftercare rules */
    public static List<SearchUnit> of(GuideContent g) {
        List<SearchUnit> units = new ArrayList<>();
        units.add(new SearchUnit(SECTION, "intro", g.title(), g.summary() + "\n" + text(g.intro())));
        for (Section s : g.sections()) {
            units.add(new SearchUnit(SECTION, s.anchor(), s.heading(), text(s.blocks())));
            if (s.subsections() != null) {
                for (Subsection sub : s.subsections()) {
                    units.add(new SearchUnit(SECTION, sub.anchor(), sub.heading(), text(sub.blocks())));
                }
            }
        }
        if (g.faq() != null) {
            for (FaqEntry f : g.faq()) {
                units.add(new SearchUnit(FAQ, f.id(), f.question(), f.answer()));
            }
        }
        return units;
    }

    /** Article text only: CTA widgets are not something a reader searches for. */
    private static String text(List<Block> blocks) {
        List<String> parts = new ArrayList<>();
        for (Block b : blocks) {
            switch (b.type()) {
                case Block.PARAGRAPH, Block.CALLOUT -> parts.add(b.text());
                case Block.LIST -> parts.addAll(b.items());
                case Block.TABLE -> {
                    if (b.caption() != null) {
                        parts.add(b.caption());
                    }
                    parts.add(String.join(" | ", b.header()));
                    b.rows().forEach(r -> parts.add(String.join(" | ", r)));
                }
                default -> {
                }
            }
        }
        return parts.stream().filter(p -> p != null && !p.isBlank()).collect(Collectors.joining("\n"));
    }
}
