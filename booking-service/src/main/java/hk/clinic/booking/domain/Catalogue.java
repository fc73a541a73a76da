package hk.clinic.booking.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Treatments, branches with their schedules, and places per slot, as one consistent snapshot. */
public record Catalogue(List<Treatment> treatments, List<BranchSchedule> branches,
                        Map<String, Integer> placesByBranchAndTreatment) {

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
}
