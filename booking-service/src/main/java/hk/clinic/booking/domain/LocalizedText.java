package hk.clinic.booking.domain;

/** A text in the two supported locales. */
public record LocalizedText(String en, String zhHk) {

    public String in(Language language) {
        return language == Language.ZH_HK ? zhHk : en;
    }
}
