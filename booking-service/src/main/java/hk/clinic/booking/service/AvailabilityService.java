package hk.clinic.booking.service;

import hk.clinic.booking.domain.BookingProblem;
import hk.clinic.booking.domain.BookingWindow;
import hk.clinic.booking.domain.BranchSchedule;
import hk.clinic.booking.domain.Catalogue;
import hk.clinic.booking.domain.FieldError;
import hk.clinic.booking.domain.Treatment;
import hk.clinic.booking.repository.SlotRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Remaining places per slot for a treatment at a branch: the catalogue from memory plus one query. */
@ApplicationScoped
public class AvailabilityService {

    public static final int MAX_RANGE_DAYS = 92;

    public record DaySlots(LocalDate date, boolean closed, List<SlotPlaces> slots) {
    }

    public record SlotPlaces(LocalTime time, int remaining) {
    }

    public record Result(Treatment treatment, BranchSchedule branch, BookingWindow window, List<DaySlots> days) {
    }

    @Inject
    CatalogueService catalogueService;

    @Inject
    SlotRepository slots;

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.SUPPORTS)
    public Result availability(String treatmentCode, String branchCode, LocalDate from, LocalDate to) {
        Catalogue catalogue = catalogueService.catalogue();
        List<FieldError> errors = new ArrayList<>();
        var treatment = catalogue.treatment(treatmentCode);
        var branch = catalogue.branch(branchCode);
        if (treatment.isEmpty()) {
            errors.add(new FieldError("treatment", "Unknown treatment code " + treatmentCode));
        }
        if (branch.isEmpty()) {
            errors.add(new FieldError("branch", "Unknown branch code " + branchCode));
        }
        if (!errors.isEmpty()) {
            throw BookingProblem.invalid(errors);
        }
        BookingWindow window = BookingWindow.of(treatment.get(), clock);
        LocalDate start = from != null ? from : window.minimalDate();
        LocalDate end = to != null ? to : start.plusDays(6);
        if (end.isBefore(start)) {
            throw BookingProblem.invalid("to", "to should not be before from");
        }
        if (end.isAfter(start.plusDays(MAX_RANGE_DAYS))) {
            throw BookingProblem.invalid("to", "A range covers at most " + MAX_RANGE_DAYS + " days");
        }
        LocalDate first = start.isBefore(window.minimalDate()) ? window.minimalDate() : start;
        LocalDate last = end.isAfter(window.maximalDate()) ? window.maximalDate() : end;
        int places = catalogue.places(branch.get().branch().code, treatment.get().code);
        List<DaySlots> days = new ArrayList<>();
        if (!first.isAfter(last) && places > 0) {
            Map<LocalDate, Map<LocalTime, Integer>> booked = slots.booked(branchCode, treatmentCode, first, last);
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                Map<LocalTime, Integer> bookedOnDay = booked.getOrDefault(d, Map.of());
                LocalDate day = d;
                List<SlotPlaces> daySlots = branch.get().slotsOn(d, treatment.get()).stream()
                        .map(t -> new SlotPlaces(t, Math.max(0, catalogue.places(branchCode, treatmentCode, day, t)
                                - bookedOnDay.getOrDefault(t, 0))))
                        .toList();
                days.add(new DaySlots(d, branch.get().isClosed(d), daySlots));
            }
        }
        return new Result(treatment.get(), branch.get(), window, days);
    }
}
