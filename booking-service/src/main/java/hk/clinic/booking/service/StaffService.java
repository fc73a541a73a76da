package hk.clinic.booking.service;

import hk.clinic.booking.domain.BookingProblem;
import hk.clinic.booking.domain.ConsentRecord;
import hk.clinic.booking.domain.Registration;
import hk.clinic.booking.domain.RegistrationStatus;
import hk.clinic.booking.messaging.RegistrationEvents;
import hk.clinic.booking.repository.SlotRepository;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** What clinic staff do: the day's list, attendance, and a person's right to see and erase their data. */
@ApplicationScoped
public class StaffService {

    public record Listing(List<Registration> items, long total) {
    }

    public record PersonalData(List<Registration> registrations, Map<UUID, List<ConsentRecord>> consents) {
    }

    @Inject
    RegistrationEvents events;

    @Inject
    SlotRepository slots;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Transactional
    public Listing list(LocalDate date, String branch, String treatment, RegistrationStatus status, int page, int size) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (date != null) {
            where.add("slotDate = :date");
            params.and("date", date);
        }
        if (branch != null) {
            where.add("branchCode = :branch");
            params.and("branch", branch);
        }
        if (treatment != null) {
            where.add("treatmentCode = :treatment");
            params.and("treatment", treatment);
        }
        if (status != null) {
            where.add("status = :status");
            params.and("status", status);
        } else {
            where.add("status <> :erased");
            params.and("erased", RegistrationStatus.ERASED);
        }
        PanacheQuery<Registration> query = Registration.find(String.join(" and ", where),
                Sort.by("slotDate").and("slotTime").and("createdAt").and("id"), params);
        return new Listing(query.page(Page.of(page, size)).list(), query.count());
    }

    @Transactional
    public Registration attended(UUID id, Instant treatedAt) {
        Registration r = find(id);
        RegistrationService.requireActive(r, "marked attended");
        r.status = RegistrationStatus.ATTENDED;
        r.treatedAt = treatedAt;
        r.updatedAt = clock.instant();
        events.attended(r);
        return r;
    }

    @Transactional
    public Registration noShow(UUID id) {
        Registration r = find(id);
        RegistrationService.requireActive(r, "marked no-show");
        r.status = RegistrationStatus.NO_SHOW;
        r.updatedAt = clock.instant();
        events.noShow(r);
        return r;
    }

    /** The clinic cancels (e.g. a therapist is ill): the place is freed and the person is told by notification. */
    @Transactional
    public Registration cancel(UUID id) {
        Registration r = find(id);
        RegistrationService.requireActive(r, "cancelled");
        slots.release(r.branchCode, r.treatmentCode, r.slotDate, r.slotTime);
        r.status = RegistrationStatus.CANCELLED;
        r.updatedAt = clock.instant();
        events.cancelled(r, "STAFF");
        return r;
    }

    @Transactional
    public PersonalData export(String phoneE164) {
        List<Registration> registrations = Registration.list("phone = ?1", Sort.by("createdAt").and("id"), phoneE164);
        List<UUID> ids = registrations.stream().map(r -> r.id).toList();
        Map<UUID, List<ConsentRecord>> consents = ids.isEmpty() ? Map.of()
                : ConsentRecord.<ConsentRecord>list("registrationId in ?1", Sort.by("acceptedAt"), ids).stream()
                .collect(Collectors.groupingBy(c -> c.registrationId));
        return new PersonalData(registrations, consents);
    }

    /**
     * Removes the person's name, phone and email from every registration of theirs (the rows stay, anonymous,
     * for capacity and statistics), frees places still held, drops stored answers and published events that
     * quoted them, and tells other services through one erased event per registration.
     */
    @Transactional
    public List<Registration> erase(String phoneE164) {
        Instant now = clock.instant();
        List<Registration> registrations = Registration.list("phone = ?1", phoneE164);
        List<Registration> erased = new ArrayList<>();
        for (Registration r : registrations) {
            if (r.status.isActive()) {
                slots.release(r.branchCode, r.treatmentCode, r.slotDate, r.slotTime);
            }
            r.status = RegistrationStatus.ERASED;
            r.fullName = null;
            r.phone = null;
            r.email = null;
            r.sourceCampaign = null;
            r.erasedAt = now;
            r.updatedAt = now;
            em.createNativeQuery("DELETE FROM idempotency_record WHERE registration_id = ?1").setParameter(1, r.id).executeUpdate();
            em.createNativeQuery("DELETE FROM outbox_event WHERE aggregate_id = ?1 AND published_at IS NOT NULL")
                    .setParameter(1, r.id).executeUpdate();
            events.erased(r.id, now);
            erased.add(r);
        }
        return erased;
    }

    private Registration find(UUID id) {
        Registration r = Registration.findById(id);
        if (r == null || r.status == RegistrationStatus.ERASED) {
            throw BookingProblem.notFound("registration-not-found", "Registration not found", "No registration with id " + id + ".");
        }
        return r;
    }
}
