package hk.clinic.content.domain;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The locales we serve and how a request's wish maps onto them: zh-HK, then any Traditional Chinese
 * (zh-Hant, zh-TW, zh-MO), then en. Simplified Chinese is not served as zh-HK: a reader of Simplified
 * gets English until a zh-Hans translation exists.
 */
public final class Locales {

    public static final String EN = "en";
    public static final String ZH_HK = "zh-HK";
    public static final List<String> SUPPORTED = List.of(EN, ZH_HK);
    public static final String DEFAULT = EN;

    private Locales() {
    }

    /** The supported locale a language tag maps to, if any. */
    public static Optional<String> match(String tag) {
        if (tag == null || tag.isBlank() || "*".equals(tag.trim())) {
            return Optional.empty();
        }
        Locale l = Locale.forLanguageTag(tag.trim());
        String lang = l.getLanguage();
        if ("en".equals(lang)) {
            return Optional.of(EN);
        }
        if ("zh".equals(lang)) {
            String script = l.getScript();
            String region = l.getCountry();
            if ("Hant".equalsIgnoreCase(script) || List.of("HK", "TW", "MO").contains(region)) {
                return Optional.of(ZH_HK);
            }
            if (script.isEmpty() && region.isEmpty()) {
                // Plain "zh" says nothing about the script; in a Hong Kong clinic's app it means Traditional.
                return Optional.of(ZH_HK);
            }
        }
        return Optional.empty();
    }

    /** Picks the best locale for an Accept-Language header (q-values honoured), defaulting to en. */
    public static String negotiate(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return DEFAULT;
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(acceptLanguage);
        } catch (IllegalArgumentException malformed) {
            // A garbled header is the client's problem, not a reason to refuse the page.
            return DEFAULT;
        }
        for (Locale.LanguageRange r : ranges) {
            if (r.getWeight() <= 0) {
                continue;
            }
            Optional<String> m = match(r.getRange());
            if (m.isPresent()) {
                return m.get();
            }
        }
        return DEFAULT;
    }

    /** The order in which stored locales are tried for a wanted one: zh-HK falls back to en. */
    public static List<String> fallbackChain(String wanted) {
        return ZH_HK.equals(wanted) ? List.of(ZH_HK, EN) : List.of(EN);
    }

    public static boolean isSupported(String locale) {
        return SUPPORTED.contains(locale);
    }
}
