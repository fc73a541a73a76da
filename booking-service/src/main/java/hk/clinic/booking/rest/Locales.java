package hk.clinic.booking.rest;

import hk.clinic.booking.domain.BookingProblem;
import hk.clinic.booking.domain.Language;
import jakarta.ws.rs.core.HttpHeaders;

import java.util.Locale;
import java.util.Optional;

/** Picks the answer's language: ?locale= first, then Accept-Language, falling back zh-HK -> zh-Hant -> en. */
public final class Locales {

    private Locales() {
    }

    public static Language resolve(String locale, HttpHeaders headers) {
        if (locale != null && !locale.isBlank()) {
            return match(locale.trim()).orElseThrow(() -> BookingProblem.invalid("locale",
                    "Unsupported locale " + locale + " (supported: en, zh-HK)"));
        }
        if (headers != null) {
            for (Locale l : headers.getAcceptableLanguages()) {
                Optional<Language> match = match(l.toLanguageTag());
                if (match.isPresent()) {
                    return match.get();
                }
            }
        }
        return Language.EN;
    }

    /** zh-HK, zh-Hant and the other Traditional Chinese tags (zh-TW, zh-MO) read zh-HK; any English reads en. */
    static Optional<Language> match(String tag) {
        Locale l = Locale.forLanguageTag(tag.replace('_', '-'));
        if (l.getLanguage().equals("en")) {
            return Optional.of(Language.EN);
        }
        if (l.getLanguage().equals("zh")) {
            String script = l.getScript();
            String region = l.getCountry();
            if (script.equalsIgnoreCase("Hant") || (script.isEmpty() && (region.equals("HK") || region.equals("TW") || region.equals("MO")))) {
                return Optional.of(Language.ZH_HK);
            }
        }
        return Optional.empty();
    }
}
