package hk.clinic.booking.domain;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Whether a treatment can be booked at a branch on a date and time: the same rules for booking and rescheduling. */
public final class SlotRules {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private SlotRules() {
    }

    /** Throws the first rule the slot breaks, naming the field the user has to change. */
    public static void check(Catalogue catalogue, Treatment treatment, BranchSchedule branch,
                             LocalDate date, LocalTime time, Clock clock, String dateField, String timeField) {
        if (catalogue.places(branch.branch().code, treatment.code) <= 0) {
            throw BookingProblem.invalid("branchCode", "Branch " + branch.branch().code + " does not offer " + treatment.code);
        }
        BookingWindow window = BookingWindow.of(treatment, clock);
        if (date.isBefore(window.minimalDate())) {
            throw BookingProblem.invalid(dateField, "Date should not be before minimal date " + window.minimalDate());
        }
        if (date.isAfter(window.maximalDate())) {
            throw BookingProblem.invalid(dateField, "Date should not be after maximal date " + window.maximalDate());
        }
        if (branch.isClosed(date)) {
            throw BookingProblem.invalid(dateField, "Branch " + branch.branch().code + " is closed on " + date);
        }
        if (!branch.slotsOn(date, treatment).contains(time) || catalogue.places(branch.branch().code, treatment.code, date, time) <= 0) {
            OpeningHours hours = branch.hoursOn(date).orElseThrow();
            throw BookingProblem.invalid(timeField, "Time " + time.format(HH_MM) + " is not a slot start within opening hours "
                    + hours.opensAt().format(HH_MM) + "-" + hours.closesAt().format(HH_MM) + " (every "
                    + treatment.slotIntervalMinutes + " minutes, " + treatment.durationMinutes + " minutes long)");
        }
    }

    public static String format(LocalTime time) {
        return time.format(HH_MM);
    }
}
