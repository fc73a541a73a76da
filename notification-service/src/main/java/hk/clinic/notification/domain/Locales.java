package hk.clinic.notification.domain;

import java.util.Locale;

/** The two languages messages are written in, with the agreed fallback zh-HK -> zh-Hant -> en. */
public final class Locales {

    public static final String EN = "en";
    public static final String ZH_HK = "zh-HK";

    private Locales() {
    }

    public static String supported(String tag) {
        if (tag == null || tag.isBlank()) {
            return ZH_HK;
        }
        Locale locale = Locale.forLanguageTag(tag.trim());
        if (!"zh".equals(locale.getLanguage())) {
            return EN;
        }
        String region = locale.getCountry();
        String script = locale.getScript();
        boolean traditional = "Hant".equals(script) || region.equals("HK") || region.equals("TW") || region.equals("MO")
                || (script.isEmpty() && region.isEmpty());
        return traditional ? ZH_HK : EN;
    }
}
