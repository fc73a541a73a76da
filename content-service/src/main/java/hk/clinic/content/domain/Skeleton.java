package hk.clinic.content.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A translation must keep the source's skeleton: anchors, numbers, block types and order, list and table
 * shapes, rule references and treatment codes. Only the prose may differ, so links, CTAs and the aftercare
 * rules line up in every locale.
 */
public final class Skeleton {

    private final List<FieldError> errors = new ArrayList<>();

    private Skeleton() {
    }

    public static List<FieldError> differences(GuideContent source, GuideContent translation) {
        Skeleton s = new Skeleton();
        s.blocks("intro", source.intro(), translation.intro());
        List<Section> a = source.sections();
        List<Section> b = translation.sections();
        if (a.size() != b.size()) {
            s.err("sections", "must have " + a.size() + " sections like the source locale");
        } else {
            for (int i = 0; i < a.size(); i++) {
                String p = "sections[" + i + "]";
                s.same(p + ".number", a.get(i).number(), b.get(i).number());
                s.same(p + ".anchor", a.get(i).anchor(), b.get(i).anchor());
                s.blocks(p + ".blocks", a.get(i).blocks(), b.get(i).blocks());
                List<Subsection> sa = a.get(i).subsections() == null ? List.of() : a.get(i).subsections();
                List<Subsection> sb = b.get(i).subsections() == null ? List.of() : b.get(i).subsections();
                if (sa.size() != sb.size()) {
                    s.err(p + ".subsections", "must have " + sa.size() + " subsections like the source locale");
                    continue;
                }
                for (int j = 0; j < sa.size(); j++) {
                    String sp = p + ".subsections[" + j + "]";
                    s.same(sp + ".anchor", sa.get(j).anchor(), sb.get(j).anchor());
                    s.blocks(sp + ".blocks", sa.get(j).blocks(), sb.get(j).blocks());
                }
            }
        }
        List<String> fa = source.faq() == null ? List.of() : source.faq().stream().map(FaqEntry::id).toList();
        List<String> fb = translation.faq() == null ? List.of() : translation.faq().stream().map(FaqEntry::id).toList();
        s.same("faq", fa, fb);
        return List.copyOf(s.errors);
    }

    private void blocks(String path, List<Block> a, List<Block> b) {
        if (a.size() != b.size()) {
            err(path, "must have " + a.size() + " blocks like the source locale");
            return;
        }
        for (int i = 0; i < a.size(); i++) {
            Block x = a.get(i);
            Block y = b.get(i);
            String p = path + "[" + i + "]";
            if (!Objects.equals(x.type(), y.type())) {
                err(p + ".type", "must be " + x.type() + " like the source locale");
                continue;
            }
            same(p + ".ruleRefs", x.ruleRefs(), y.ruleRefs());
            same(p + ".treatmentCode", x.treatmentCode(), y.treatmentCode());
            same(p + ".ordered", x.ordered(), y.ordered());
            same(p + ".items", size(x.items()), size(y.items()));
            same(p + ".header", size(x.header()), size(y.header()));
            same(p + ".rows", size(x.rows()), size(y.rows()));
        }
    }

    private static Integer size(List<?> list) {
        return list == null ? null : list.size();
    }

    private void same(String field, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            err(field, "must be " + expected + " like the source locale, is " + actual);
        }
    }

    private void err(String field, String message) {
        errors.add(new FieldError(field, message));
    }
}
