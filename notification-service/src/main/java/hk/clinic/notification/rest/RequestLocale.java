package hk.clinic.notification.rest;

import hk.clinic.notification.domain.Locales;
import jakarta.ws.rs.core.HttpHeaders;

import java.util.List;
import java.util.Locale;

/** The answer's language: {@code ?locale=} if given (400 if unsupported), else Accept-Language, else en. */
final class RequestLocale {

    private RequestLocale() {
    }

    static String resolve(String explicit, HttpHeaders headers) {
        if (explicit != null) {
            String supported = supportedOrNull(explicit.trim());
            return supported != null ? supported : unsupported(explicit);
        }
        String accept = headers == null ? null : headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE);
        if (accept != null && !accept.isBlank()) {
            try {
                for (Locale.LanguageRange range : Locale.LanguageRange.parse(accept)) {
                    String match = supportedOrNull(range.getRange());
                    if (match != null) {
                        return match;
                    }
                }
            } catch (IllegalArgumentException malformed) {
                return Locales.EN;
            }
        }
        return Locales.EN;
    }

    /** en-*, and Traditional Chinese (zh-HK, zh-Hant, zh-TW, zh-MO) answered in zh-HK; anything else unsupported. */
    private static String supportedOrNull(String tag) {
        Locale locale = Locale.forLanguageTag(tag);
        if ("en".equals(locale.getLanguage())) {
            return Locales.EN;
        }
        if ("zh".equals(locale.getLanguage())) {
            String region = locale.getCountry();
            if ("Hant".equals(locale.getScript()) || List.of("HK", "TW", "MO").contains(region)) {
                return Locales.ZH_HK;
            }
        }
        return null;
    }

    private static String unsupported(String tag) {
        throw new BadRequestProblem("unsupported-locale", "Locale " + tag + " is not supported; use en or zh-HK",
                List.of(new Problem.FieldError("locale", "must be en or zh-HK")));
    }
}
