package hk.clinic.content.service;

import hk.clinic.content.domain.SearchTokens;

import java.util.ArrayList;
import java.util.List;

/** Snippets for Chinese hits, where PostgreSQL's ts_headline cannot see our bigram lexemes. */
final class Snippets {

    private static final int BEFORE = 30;
    private static final int AFTER = 60;

    private Snippets() {
    }

    static String around(String body, String heading, String query) {
        String text = body == null || body.isBlank() ? heading : body;
        List<String> needles = new ArrayList<>();
        needles.add(query.strip());
        for (String part : query.strip().split("\\s+")) {
            needles.add(part);
        }
        needles.addAll(SearchTokens.pieces(query));
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        for (String needle : needles) {
            if (needle.isEmpty()) {
                continue;
            }
            int at = lower.indexOf(needle.toLowerCase(java.util.Locale.ROOT));
            if (at >= 0) {
                int from = Math.max(0, at - BEFORE);
                int to = Math.min(text.length(), at + needle.length() + AFTER);
                return (from > 0 ? "…" : "") + text.substring(from, at) + "<mark>" + text.substring(at, at + needle.length())
                        + "</mark>" + text.substring(at + needle.length(), to) + (to < text.length() ? "…" : "");
            }
        }
        return text.length() > BEFORE + AFTER ? text.substring(0, BEFORE + AFTER) + "…" : text;
    }
}
