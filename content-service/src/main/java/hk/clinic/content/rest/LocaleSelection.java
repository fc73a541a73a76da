package hk.clinic.content.rest;

import hk.clinic.content.domain.Locales;

import java.util.concurrent.ConcurrentHashMap;

/** Turns ?locale= (explicit, must be supported) or Accept-Language (negotiated, never fails) into a locale. */
final class LocaleSelection {

    /**
     * Accept-Language values already negotiated. Browsers and apps send a handful of distinct values, and parsing
     * one (Locale.LanguageRange) costs more than serving a cached page, so each is negotiated once. Bounded in
     * count and in the length of a remembered value, so odd or hostile headers are negotiated every time instead.
     */
    private static final ConcurrentHashMap<String, String> NEGOTIATED = new ConcurrentHashMap<>();
    static final int MAX_REMEMBERED = 512;
    static final int MAX_REMEMBERED_LENGTH = 200;

    private LocaleSelection() {
    }

    static String wanted(String localeParam, String acceptLanguage) {
        if (localeParam != null) {
            for (String supported : Locales.SUPPORTED) {
                if (supported.equalsIgnoreCase(localeParam.trim())) {
                    return supported;
                }
            }
            return Locales.match(localeParam).orElseThrow(() -> ProblemException.badRequest("unsupported-locale",
                    "Unsupported locale", "Locale '" + localeParam + "' is not served; use one of " + Locales.SUPPORTED));
        }
        return negotiated(acceptLanguage);
    }

    private static String negotiated(String acceptLanguage) {
        if (acceptLanguage == null) {
            return Locales.negotiate(null);
        }
        String known = NEGOTIATED.get(acceptLanguage);
        if (known != null) {
            return known;
        }
        String locale = Locales.negotiate(acceptLanguage);
        if (acceptLanguage.length() <= MAX_REMEMBERED_LENGTH && NEGOTIATED.size() < MAX_REMEMBERED) {
            NEGOTIATED.putIfAbsent(acceptLanguage, locale);
        }
        return locale;
    }
}
