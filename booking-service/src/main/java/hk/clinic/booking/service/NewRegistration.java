package hk.clinic.booking.service;

import java.time.LocalDate;
import java.time.LocalTime;

/** A validated registration request; the phone is already in E.164. */
public record NewRegistration(String treatmentCode, String branchCode, LocalDate date, LocalTime time,
                              String fullName, String phoneE164, String email, String language,
                              String termsVersion, String privacyVersion, boolean marketingOptIn,
                              String channel, String campaign) {
}
