package hk.clinic.content.domain;

import java.util.List;

/** The treatment codes shared with booking-service (the contract fixes them; a new one is a contract change). */
public final class TreatmentCodes {

    public static final List<String> ALL = List.of("acne-treatment-trial", "vacuum-microdermabrasion-facial",
            "milia-deroofing-extraction", "milia-laser-ablation");

    private TreatmentCodes() {
    }
}
