package hk.clinic.content.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tokens for searching Chinese text. PostgreSQL has no Chinese parser (and its default parser's idea of a
 * letter depends on the server's locale), so Han text is indexed as overlapping character bigrams plus single
 * characters, the usual CJK technique: a query of two or more characters matches where its bigrams follow each
 * other, a one-character query matches the character. Latin words and numbers inside Chinese text ("A酸",
 * "5%") stay whole, lower-cased.
 */
public final class SearchTokens {

    /** A run of text of one kind: Han characters, or a Latin/digit word. */
    private record Run(String text, boolean han) {
    }

    private SearchTokens() {
    }

    private static List<Run> runs(String text) {
        List<Run> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        int[] cps = text.codePoints().toArray();
        int i = 0;
        while (i < cps.length) {
            int start = i;
            if (isHan(cps[i])) {
                while (i < cps.length && isHan(cps[i])) {
                    i++;
                }
                out.add(new Run(new String(cps, start, i - start), true));
            } else if (Character.isLetterOrDigit(cps[i])) {
                while (i < cps.length && Character.isLetterOrDigit(cps[i]) && !isHan(cps[i])) {
                    i++;
                }
                out.add(new Run(new String(cps, start, i - start).toLowerCase(Locale.ROOT), false));
            } else {
                i++;
            }
        }
        return out;
    }

    /** A tsvector literal of heading (weight A) and body (weight B) with positions, for phrase matching. */
    public static String tsvector(String heading, String body) {
        StringBuilder sb = new StringBuilder();
        int next = index(sb, heading, 1, 'A');
        index(sb, body, next + 1, 'B');
        return sb.toString();
    }

    private static int index(StringBuilder sb, String text, int pos, char weight) {
        for (Run r : runs(text)) {
            if (!r.han()) {
                append(sb, r.text(), pos++, weight);
                continue;
            }
            int[] cps = r.text().codePoints().toArray();
            for (int k = 0; k < cps.length; k++) {
                append(sb, new String(cps, k, 1), pos + k, weight);
                if (k + 1 < cps.length) {
                    append(sb, new String(cps, k, 2), pos + k, weight);
                }
            }
            pos += cps.length;
        }
        return pos;
    }

    /**
     * A tsquery literal: the bigrams of one Han run must follow each other ({@code <->}), separate runs and
     * words must all occur ({@code &}). Empty when the text has nothing searchable.
     */
    public static String tsquery(String text) {
        List<String> parts = new ArrayList<>();
        for (Run r : runs(text)) {
            if (!r.han()) {
                parts.add(quote(r.text()));
                continue;
            }
            int[] cps = r.text().codePoints().toArray();
            if (cps.length == 1) {
                parts.add(quote(r.text()));
            } else {
                List<String> bigrams = new ArrayList<>();
                for (int k = 0; k + 1 < cps.length; k++) {
                    bigrams.add(quote(new String(cps, k, 2)));
                }
                parts.add("(" + String.join(" <-> ", bigrams) + ")");
            }
        }
        return String.join(" & ", parts);
    }

    /** The query's pieces as they appear in text, for highlighting. */
    public static List<String> pieces(String text) {
        return runs(text).stream().map(Run::text).toList();
    }

    private static void append(StringBuilder sb, String lexeme, int pos, char weight) {
        if (!sb.isEmpty()) {
            sb.append(' ');
        }
        sb.append(quote(lexeme)).append(':').append(Math.min(pos, 16383)).append(weight);
    }

    private static String quote(String lexeme) {
        return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    public static boolean isHan(int cp) {
        return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
    }
}
