package hk.clinic.booking.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** clinic_registrations_total by treatment code and outcome; no personal data ever becomes a label. */
@ApplicationScoped
public class RegistrationMetrics {

    @Inject
    MeterRegistry registry;

    @Inject
    CatalogueService catalogue;

    public void count(String treatmentCode, String outcome) {
        String treatment = treatmentCode != null && catalogue.catalogue().treatment(treatmentCode).isPresent()
                ? treatmentCode : "unknown";
        Counter.builder("clinic_registrations")
                .description("Registration requests and changes by treatment and outcome")
                .tag("treatment", treatment)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }
}
