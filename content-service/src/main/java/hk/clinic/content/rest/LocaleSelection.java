package hk.clinic.content.rest;

import hk.clinic.content.domain.Locales;

/** Turns ?locale= (explicit, must be supported) or Accept-Language (negotiated, never fails) into a locale. */
final class LocaleSelection {

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
        return Locales.negotiate(acceptLanguage);
    }
}
