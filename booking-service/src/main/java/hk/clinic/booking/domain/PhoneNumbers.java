package hk.clinic.booking.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import java.util.Optional;

/** Phone numbers as people type them ("9123 4567", "+852 9123-4567") to the one E.164 form we store. */
public final class PhoneNumbers {

    public static final String DEFAULT_REGION = "HK";
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    public static Optional<String> toE164(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > 32) {
            return Optional.empty();
        }
        try {
            var number = UTIL.parse(raw, DEFAULT_REGION);
            return UTIL.isValidNumber(number)
                    ? Optional.of(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164))
                    : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
