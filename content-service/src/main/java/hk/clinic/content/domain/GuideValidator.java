package hk.clinic.content.domain;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a guide document's block structure, reporting every problem with the JSON path of the field. */
public final class GuideValidator {

    public static final Set<String> REVIEW_STATUSES = Set.of("source", "machine-translated", "reviewed");
    private static final Set<String> BLOCK_TYPES = Set.of(Block.PARAGRAPH, Block.LIST, Block.TABLE, Block.CALLOUT,
            Block.REGISTRATION_CTA, Block.TREATMENT_LINK);
    private static final Set<String> VARIANTS = Set.of("info", "warning", "tip");
    private static final Set<String> DOCUMENTS = Set.of("registration-terms", "privacy-policy");
    private static final Set<String> SOCIAL = Set.of("facebook", "instagram", "youtube", "whatsapp");
    public static final Pattern KEBAB = Pattern.compile("^[a-z0-9]+(?:-[a-z0-9]+)*$");

    private final Set<String> ruleIds;
    private final List<FieldError> errors = new ArrayList<>();
    private final Set<String> anchors = new HashSet<>();

    private GuideValidator(Set<String> ruleIds) {
        this.ruleIds = ruleIds;
    }

    /** @param ruleIds the aftercare rules a paragraph may reference */
    public static List<FieldError> validate(GuideContent g, Set<String> ruleIds) {
        GuideValidator v = new GuideValidator(ruleIds);
        v.check(g);
        return List.copyOf(v.errors);
    }

    private void check(GuideContent g) {
        if (g == null) {
            err("", "a guide document is required");
            return;
        }
        if (g.reviewStatus() == null || !REVIEW_STATUSES.contains(g.reviewStatus())) {
            err("reviewStatus", "must be one of " + sorted(REVIEW_STATUSES));
        }
        text("title", g.title());
        text("author", g.author());
        text("summary", g.summary());
        if (g.publishedOn() == null) {
            err("publishedOn", "is required");
        } else {
            try {
                LocalDate.parse(g.publishedOn());
            } catch (DateTimeParseException e) {
                err("publishedOn", "must be a date yyyy-MM-dd");
            }
        }
        if (g.intro() == null) {
            err("intro", "is required (may be empty)");
        } else {
            blocks("intro", g.intro());
        }
        if (g.sections() == null || g.sections().isEmpty()) {
            err("sections", "at least one section is required");
        } else {
            Set<Integer> numbers = new HashSet<>();
            for (int i = 0; i < g.sections().size(); i++) {
                Section s = g.sections().get(i);
                String p = "sections[" + i + "]";
                if (s == null) {
                    err(p, "must not be null");
                    continue;
                }
                if (s.number() == null || s.number() < 1) {
                    err(p + ".number", "must be a positive number");
                } else if (!numbers.add(s.number())) {
                    err(p + ".number", "duplicate section number " + s.number());
                }
                anchor(p + ".anchor", s.anchor());
                text(p + ".heading", s.heading());
                if (s.blocks() == null) {
                    err(p + ".blocks", "is required (may be empty)");
                } else {
                    blocks(p + ".blocks", s.blocks());
                }
                if (s.subsections() != null) {
                    for (int j = 0; j < s.subsections().size(); j++) {
                        Subsection sub = s.subsections().get(j);
                        String sp = p + ".subsections[" + j + "]";
                        if (sub == null) {
                            err(sp, "must not be null");
                            continue;
                        }
                        anchor(sp + ".anchor", sub.anchor());
                        text(sp + ".heading", sub.heading());
                        if (sub.blocks() == null) {
                            err(sp + ".blocks", "is required (may be empty)");
                        } else {
                            blocks(sp + ".blocks", sub.blocks());
                        }
                    }
                }
            }
        }
        if (g.faq() != null) {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < g.faq().size(); i++) {
                FaqEntry f = g.faq().get(i);
                String p = "faq[" + i + "]";
                if (f == null) {
                    err(p, "must not be null");
                    continue;
                }
                if (f.id() == null || !KEBAB.matcher(f.id()).matches()) {
                    err(p + ".id", "must be a kebab-case id");
                } else if (!ids.add(f.id())) {
                    err(p + ".id", "duplicate FAQ id " + f.id());
                }
                text(p + ".question", f.question());
                text(p + ".answer", f.answer());
            }
        }
        if (g.brand() != null && g.brand().social() != null) {
            for (int i = 0; i < g.brand().social().size(); i++) {
                if (!SOCIAL.contains(g.brand().social().get(i))) {
                    err("brand.social[" + i + "]", "must be one of " + sorted(SOCIAL));
                }
            }
        }
    }

    private void blocks(String path, List<Block> blocks) {
        for (int i = 0; i < blocks.size(); i++) {
            block(path + "[" + i + "]", blocks.get(i));
        }
    }

    private void block(String p, Block b) {
        if (b == null) {
            err(p, "must not be null");
            return;
        }
        if (b.type() == null || !BLOCK_TYPES.contains(b.type())) {
            err(p + ".type", "must be one of " + sorted(BLOCK_TYPES));
            return;
        }
        switch (b.type()) {
            case Block.PARAGRAPH -> {
                boolean hasText = b.text() != null;
                boolean hasRefs = b.ruleRefs() != null;
                if (hasText == hasRefs) {
                    err(p, "a paragraph needs either text or ruleRefs, not both");
                } else if (hasText) {
                    text(p + ".text", b.text());
                } else if (b.ruleRefs().isEmpty()) {
                    err(p + ".ruleRefs", "must not be empty");
                } else {
                    for (int i = 0; i < b.ruleRefs().size(); i++) {
                        if (!ruleIds.contains(b.ruleRefs().get(i))) {
                            err(p + ".ruleRefs[" + i + "]", "unknown aftercare rule " + b.ruleRefs().get(i));
                        }
                    }
                }
            }
            case Block.LIST -> {
                if (b.ordered() == null) {
                    err(p + ".ordered", "is required");
                }
                strings(p + ".items", b.items());
            }
            case Block.TABLE -> {
                strings(p + ".header", b.header());
                if (b.rows() == null || b.rows().isEmpty()) {
                    err(p + ".rows", "at least one row is required");
                } else {
                    int width = b.header() == null ? -1 : b.header().size();
                    for (int i = 0; i < b.rows().size(); i++) {
                        List<String> row = b.rows().get(i);
                        strings(p + ".rows[" + i + "]", row);
                        if (row != null && width >= 0 && row.size() != width) {
                            err(p + ".rows[" + i + "]", "must have " + width + " cells like the header, has " + row.size());
                        }
                    }
                }
            }
            case Block.CALLOUT -> {
                if (b.variant() == null || !VARIANTS.contains(b.variant())) {
                    err(p + ".variant", "must be one of " + sorted(VARIANTS));
                }
                text(p + ".text", b.text());
            }
            case Block.REGISTRATION_CTA -> {
                treatmentCode(p + ".treatmentCode", b.treatmentCode());
                text(p + ".badge", b.badge());
                text(p + ".title", b.title());
                text(p + ".subtitle", b.subtitle());
                text(p + ".dateRuleMessage", b.dateRuleMessage());
                text(p + ".consentText", b.consentText());
                if (b.consentLinks() == null || b.consentLinks().isEmpty()) {
                    err(p + ".consentLinks", "must link the registration terms and the privacy policy");
                } else {
                    for (int i = 0; i < b.consentLinks().size(); i++) {
                        ConsentLink l = b.consentLinks().get(i);
                        String lp = p + ".consentLinks[" + i + "]";
                        if (l == null) {
                            err(lp, "must not be null");
                            continue;
                        }
                        if (l.document() == null || !DOCUMENTS.contains(l.document())) {
                            err(lp + ".document", "must be one of " + sorted(DOCUMENTS));
                        }
                        if (l.label() == null || l.label().isBlank()) {
                            err(lp + ".label", "must not be blank");
                        } else if (b.consentText() != null && !b.consentText().contains(l.label())) {
                            err(lp + ".label", "must be a part of consentText");
                        }
                    }
                }
            }
            case Block.TREATMENT_LINK -> {
                treatmentCode(p + ".treatmentCode", b.treatmentCode());
                text(p + ".text", b.text());
            }
            default -> throw new IllegalStateException(b.type());
        }
    }

    private void treatmentCode(String p, String code) {
        if (code == null || !TreatmentCodes.ALL.contains(code)) {
            err(p, "must be one of the booking treatment codes " + TreatmentCodes.ALL);
        }
    }

    private void anchor(String p, String anchor) {
        if (anchor == null || !KEBAB.matcher(anchor).matches()) {
            err(p, "must be a kebab-case anchor");
        } else if (!anchors.add(anchor)) {
            err(p, "duplicate anchor " + anchor);
        }
    }

    private void strings(String p, List<String> values) {
        if (values == null || values.isEmpty()) {
            err(p, "must not be empty");
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            text(p + "[" + i + "]", values.get(i));
        }
    }

    private void text(String p, String value) {
        if (value == null || value.isBlank()) {
            err(p, "must not be blank");
        }
    }

    private void err(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
