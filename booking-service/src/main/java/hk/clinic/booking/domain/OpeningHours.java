package hk.clinic.booking.domain;

import java.time.DayOfWeek;
import java.time.LocalTime;

/** When a branch is open on one weekday. */
public record OpeningHours(DayOfWeek weekday, LocalTime opensAt, LocalTime closesAt) {
}
