package hk.clinic.booking.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A branch's week and its exceptions: which days it opens, and which slot starts a treatment fits in. */
public record BranchSchedule(Branch branch, Map<DayOfWeek, OpeningHours> hours, Set<LocalDate> closedDates) {

    public boolean isClosed(LocalDate date) {
        return closedDates.contains(date) || !hours.containsKey(date.getDayOfWeek());
    }

    public Optional<OpeningHours> hoursOn(LocalDate date) {
        return isClosed(date) ? Optional.empty() : Optional.of(hours.get(date.getDayOfWeek()));
    }

    /** Slot starts from opening time on the treatment's grid, each ending by closing time. */
    public List<LocalTime> slotsOn(LocalDate date, Treatment treatment) {
        List<LocalTime> slots = new ArrayList<>();
        hoursOn(date).ifPresent(h -> {
            int open = h.opensAt().toSecondOfDay() / 60;
            int close = h.closesAt().toSecondOfDay() / 60;
            for (int start = open; start + treatment.durationMinutes <= close; start += treatment.slotIntervalMinutes) {
                slots.add(LocalTime.ofSecondOfDay(start * 60L));
            }
        });
        return slots;
    }
}
