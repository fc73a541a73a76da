package hk.clinic.content;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Java port of the seed part of {@code tools/check_content.py}: rebuilds the seed page (scraper noise
 * removed, the glued table split) as ordered units, and the served guide as units, so tests can compare them
 * 1:1 and look up every sentence of the article text.
 */
final class SeedFidelity {

    static final Set<String> NOISE_SINGLE_LINES = Set.of("sticky_image");
    static final String LOGO_LINE = "Perfect Medical logo";
    static final String SOCIAL_LINE = "facebookigyoutubewhatsapp";
    static final String TREATMENT_LINK_LINE = "Perfect Medical's Acne Treatment";
    static final List<String> WIDGET_LINES = List.of("免費體驗", "Acne Treatment", "1 Minute Self-Registration",
            "Date should not be before minimal date",
            "I have read and agree to the Registration Terms and Conditions and Privacy Policy.");
    static final List<String> WIDGET_FIELDS = List.of("badge", "title", "subtitle", "dateRuleMessage", "consentText");
    static final String GLUED_TABLE_HEADER = "Treatment TypeRecommended UsageBest For";
    private static final Pattern DATE = Pattern.compile("(\\d{1,2}) ([A-Z][a-z]+) (\\d{4})");
    private static final Pattern ITEM = Pattern.compile("^(\\d+)\\.\\s+(.*)$");
    private static final List<String> MONTHS = List.of("January", "February", "March", "April", "May", "June", "July",
            "August", "September", "October", "November", "December");

    /** One comparable piece of the page: kind plus its values. */
    record Unit(String kind, List<String> values) {
        static Unit of(String kind, String... values) {
            return new Unit(kind, List.of(values));
        }

        String last() {
            return values.get(values.size() - 1);
        }
    }

    record Seed(Map<String, String> meta, List<Unit> units) {
    }

    private SeedFidelity() {
    }

    static String norm(String text) {
        String t = text.replaceAll("\\s+", " ").strip();
        return t.replaceAll("\\s+(?=[.,;:!?)])", "");
    }

    static List<String> sentences(String text) {
        return Arrays.stream(norm(text).split("(?<=[.!?])\\s+(?=[A-Z0-9(])")).filter(s -> !s.isEmpty()).toList();
    }

    static List<String> unglue(String line) {
        return List.of(line.split("(?<=[a-z])(?=[A-Z0-9])"));
    }

    static Seed seed(String resource) throws IOException {
        String text;
        try (InputStream in = SeedFidelity.class.getResourceAsStream(resource)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> lines = Arrays.stream(text.split("\n", -1)).map(String::strip).toList();
        Map<String, String> meta = new LinkedHashMap<>();
        List<Unit> units = new ArrayList<>();
        boolean inTable = false;
        int i = 0;
        int n = lines.size();
        while (i < n) {
            String t = lines.get(i);
            if (t.isEmpty()) {
                inTable = false;
                i++;
                continue;
            }
            if (inTable) {
                units.add(new Unit("row", unglue(t)));
                i++;
                continue;
            }
            Matcher date = DATE.matcher(t);
            Matcher item = ITEM.matcher(t);
            if (NOISE_SINGLE_LINES.contains(t)) {
                meta.merge("noise", t, (a, b) -> a + "," + b);
            } else if (t.equals(LOGO_LINE)) {
                meta.put("logo", t);
            } else if (t.equals(SOCIAL_LINE)) {
                meta.put("social", t);
            } else if (t.startsWith("Author: ")) {
                meta.put("author", t.substring("Author: ".length()));
            } else if (date.matches() && !meta.containsKey("date")) {
                meta.put("date", String.format("%04d-%02d-%02d", Integer.parseInt(date.group(3)),
                        MONTHS.indexOf(date.group(2)) + 1, Integer.parseInt(date.group(1))));
            } else if (t.equals(WIDGET_LINES.get(0))) {
                List<String> got = lines.subList(i, Math.min(n, i + 12)).stream().filter(l -> !l.isEmpty())
                        .limit(WIDGET_LINES.size()).toList();
                if (!got.equals(WIDGET_LINES)) {
                    throw new IllegalStateException("unexpected widget text at seed line " + (i + 1) + ": " + got);
                }
                units.add(new Unit("cta", WIDGET_LINES));
                int seen = 0;
                while (seen < WIDGET_LINES.size()) {
                    if (!lines.get(i).isEmpty()) {
                        seen++;
                    }
                    i++;
                }
                continue;
            } else if (t.equals(TREATMENT_LINK_LINE)) {
                units.add(Unit.of("link", t));
            } else if (t.matches("\\d+")) {
                units.add(Unit.of("section", t));
                i++;
                while (lines.get(i).isEmpty()) {
                    i++;
                }
                units.add(Unit.of("heading", lines.get(i)));
            } else if (t.equals("FAQ")) {
                units.add(Unit.of("faqHeading", t));
            } else if (item.matches()) {
                units.add(Unit.of("item", item.group(1), norm(item.group(2))));
            } else if (t.equals(GLUED_TABLE_HEADER)) {
                units.add(new Unit("row", unglue(t)));
                inTable = true;
            } else {
                units.add(Unit.of("text", norm(t)));
            }
            i++;
        }
        return new Seed(meta, units);
    }

    /** The served guide (GET /api/v1/guides/{slug}) as units in reading order. */
    static List<Unit> guideUnits(JsonNode g) {
        List<Unit> units = new ArrayList<>();
        blocks(g.get("intro"), units);
        for (JsonNode s : g.get("sections")) {
            units.add(Unit.of("section", s.get("number").asText()));
            units.add(Unit.of("heading", s.get("heading").asText()));
            blocks(s.get("blocks"), units);
            for (JsonNode sub : s.path("subsections")) {
                units.add(Unit.of("text", sub.get("heading").asText()));
                blocks(sub.get("blocks"), units);
            }
        }
        if (g.path("faq").size() > 0) {
            units.add(Unit.of("faqHeading", g.get("faqHeading").asText()));
            for (JsonNode f : g.get("faq")) {
                units.add(Unit.of("text", norm(f.get("question").asText())));
                units.add(Unit.of("text", norm(f.get("answer").asText())));
            }
        }
        return units;
    }

    private static void blocks(JsonNode blocks, List<Unit> units) {
        for (JsonNode b : blocks) {
            switch (b.get("type").asText()) {
                case "paragraph" -> units.add(Unit.of("text", norm(b.get("text").asText())));
                case "list" -> {
                    int k = 1;
                    for (JsonNode it : b.get("items")) {
                        units.add(Unit.of("item", b.get("ordered").asBoolean() ? String.valueOf(k) : "0", norm(it.asText())));
                        k++;
                    }
                }
                case "table" -> {
                    units.add(new Unit("row", strings(b.get("header"))));
                    for (JsonNode r : b.get("rows")) {
                        units.add(new Unit("row", strings(r)));
                    }
                }
                case "registrationCta" -> units.add(new Unit("cta", WIDGET_FIELDS.stream().map(f -> b.get(f).asText()).toList()));
                case "treatmentLink" -> units.add(Unit.of("link", b.get("text").asText()));
                case "callout" -> units.add(Unit.of("callout", norm(b.get("text").asText())));
                default -> throw new IllegalStateException("unknown block type " + b.get("type"));
            }
        }
    }

    /** Every string value of the served document, normalised into one searchable text. */
    static String corpus(JsonNode node) {
        List<String> out = new ArrayList<>();
        collect(node, out);
        return norm(String.join(" ", out));
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isContainerNode()) {
            node.forEach(child -> collect(child, out));
        }
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }
}
