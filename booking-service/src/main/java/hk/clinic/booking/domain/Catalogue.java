package hk.clinic.booking.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Treatments, branches with their schedules, and places per slot, as one consistent snapshot. */
public record Catalogue(List<Treatment> treatments, List<BranchSchedule> branches,
                        Map<String, Integer> placesByBranchAndTreatment, Map<String, Integer> placesBySlot) {

    public Optional<Treatment> treatment(String code) {
        return treatments.stream().filter(t -> t.code.equals(code)).findFirst();
    }

    public Optional<BranchSchedule> branch(String code) {
        return branches.stream().filter(b -> b.branch().code.equals(code)).findFirst();
    }

    /** Places per slot start; 0 when the branch does not offer the treatment. */
    public int places(String branchCode, String treatmentCode) {
        return placesByBranchAndTreatment.getOrDefault(branchCode + "|" + treatmentCode, 0);
    }

    /** Places of one slot: a weekday/time override if there is one, else the branch's places for the treatment. */
    public int places(String branchCode, String treatmentCode, LocalDate date, LocalTime time) {
        Integer override = placesBySlot.get(slotKey(branchCode, treatmentCode, date.getDayOfWeek(), time));
        return override != null ? override : places(branchCode, treatmentCode);
    }

    public static String slotKey(String branchCode, String treatmentCode, DayOfWeek weekday, LocalTime time) {
        return branchCode + "|" + treatmentCode + "|" + weekday.getValue() + "|" + time;
    }
}
