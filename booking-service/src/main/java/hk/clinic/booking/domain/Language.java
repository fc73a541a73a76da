package hk.clinic.booking.domain;

import java.util.Arrays;
import java.util.Optional;

/** The languages the clinic serves, by their BCP 47 tags. */
public enum Language {
    EN("en"), ZH_HK("zh-HK");

    private final String tag;

    Language(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    public static Optional<Language> ofTag(String tag) {
        return Arrays.stream(values()).filter(l -> l.tag.equalsIgnoreCase(tag)).findFirst();
    }
}
