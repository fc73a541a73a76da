package hk.clinic.booking.service;

import hk.clinic.booking.domain.BookingProblem;
import hk.clinic.booking.domain.BranchSchedule;
import hk.clinic.booking.domain.Catalogue;
import hk.clinic.booking.domain.ConsentRecord;
import hk.clinic.booking.domain.FieldError;
import hk.clinic.booking.domain.IdempotencyRecord;
import hk.clinic.booking.domain.Registration;
import hk.clinic.booking.domain.RegistrationStatus;
import hk.clinic.booking.domain.SlotRules;
import hk.clinic.booking.domain.Treatment;
import hk.clinic.booking.messaging.RegistrationEvents;
import hk.clinic.booking.repository.SlotRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** The customer's use cases: register, look up, reschedule and cancel with the manage token. */
@ApplicationScoped
public class RegistrationService {

    public static final String NOT_FOUND_DETAIL = "No registration matches this id and manage token.";

    /** A new registration and the token that manages it, shown to the customer once. */
    public record Created(Registration registration, ConsentRecord consent, String manageToken) {
    }

    @Inject
    CatalogueService catalogueService;

    @Inject
    SlotRepository slots;

    @Inject
    RegistrationEvents events;

    @Inject
    ManageTokens tokens;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    /**
     * Books a place. With an idempotency key the key is claimed first: a concurrent duplicate waits on it and
     * then gives up with {@link IdempotencyKeyInUse}, so the key's owner alone books.
     */
    @Transactional
    public Created register(NewRegistration cmd, String idempotencyKey, String requestHash,
                            Function<Created, String> responseBody, Function<Created, String> location) {
        Instant now = clock.instant();
        if (idempotencyKey != null && claim(idempotencyKey, requestHash, now) == 0) {
            throw new IdempotencyKeyInUse();
        }
        Catalogue catalogue = catalogueService.catalogue();
        Treatment treatment = treatment(catalogue, cmd.treatmentCode(), cmd.branchCode());
        BranchSchedule branch = catalogue.branch(cmd.branchCode()).orElseThrow();
        SlotRules.check(catalogue, treatment, branch, cmd.date(), cmd.time(), clock, "preferredDate", "preferredTime");
        Registration r = new Registration();
        r.id = UUID.randomUUID();
        r.treatmentCode = treatment.code;
        r.branchCode = branch.branch().code;
        r.slotDate = cmd.date();
        r.slotTime = cmd.time();
        r.status = RegistrationStatus.SUBMITTED;
        r.freeTrial = treatment.freeTrial;
        r.fullName = cmd.fullName();
        r.phone = cmd.phoneE164();
        r.email = cmd.email();
        r.language = cmd.language();
        r.marketingOptIn = cmd.marketingOptIn();
        r.sourceChannel = cmd.channel();
        r.sourceCampaign = cmd.campaign();
        String token = tokens.issue(r.id, idempotencyKey);
        r.manageTokenHash = ManageTokens.hash(token);
        r.createdAt = now;
        r.updatedAt = now;
        ConsentRecord consent = new ConsentRecord();
        consent.id = UUID.randomUUID();
        consent.registrationId = r.id;
        consent.termsVersion = cmd.termsVersion();
        consent.privacyVersion = cmd.privacyVersion();
        consent.marketingOptIn = cmd.marketingOptIn();
        consent.channel = cmd.channel() == null ? "api" : cmd.channel();
        consent.acceptedAt = now;
        // The registration goes in first: the partial unique index refuses a second active free trial of a phone
        // (concurrent requests included) before the slot's counter row is locked, in one statement and without a
        // check query. Any refusal rolls the whole transaction back, so a refused request takes no place.
        try {
            r.persist();
            em.flush();
        } catch (PersistenceException e) {
            if (String.valueOf(rootMessage(e)).contains("registration_active_free_trial_uq")) {
                throw activeTrial(treatment);
            }
            throw e;
        }
        if (!slots.reserve(branch.branch().code, treatment.code, cmd.date(), cmd.time(),
                catalogue.places(branch.branch().code, treatment.code, cmd.date(), cmd.time()))) {
            throw slotFull(cmd.date(), cmd.time());
        }
        consent.persist();
        events.submitted(r);
        Created created = new Created(r, consent, token);
        if (idempotencyKey != null) {
            IdempotencyRecord record = IdempotencyRecord.findById(idempotencyKey);
            record.registrationId = r.id;
            record.status = 201;
            record.location = location.apply(created);
            record.body = responseBody.apply(created);
        }
        return created;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<IdempotencyRecord> idempotencyRecord(String key) {
        return IdempotencyRecord.<IdempotencyRecord>findByIdOptional(key).filter(r -> r.status != 0);
    }

    @Transactional
    public Registration get(UUID id, String token) {
        return owned(id, token);
    }

    @Transactional
    public Registration reschedule(UUID id, String token, LocalDate date, LocalTime time) {
        Registration r = owned(id, token);
        requireActive(r, "rescheduled");
        if (r.slotDate.equals(date) && r.slotTime.equals(time)) {
            return r;
        }
        Catalogue catalogue = catalogueService.catalogue();
        Treatment treatment = catalogue.treatment(r.treatmentCode).orElseThrow();
        BranchSchedule branch = catalogue.branch(r.branchCode).orElseThrow();
        SlotRules.check(catalogue, treatment, branch, date, time, clock, "preferredDate", "preferredTime");
        if (!slots.reserve(r.branchCode, r.treatmentCode, date, time, catalogue.places(r.branchCode, r.treatmentCode, date, time))) {
            throw slotFull(date, time);
        }
        slots.release(r.branchCode, r.treatmentCode, r.slotDate, r.slotTime);
        LocalDate previousDate = r.slotDate;
        LocalTime previousTime = r.slotTime;
        r.slotDate = date;
        r.slotTime = time;
        r.status = RegistrationStatus.RESCHEDULED;
        r.updatedAt = clock.instant();
        events.rescheduled(r, previousDate, previousTime);
        return r;
    }

    @Transactional
    public Registration cancel(UUID id, String token) {
        Registration r = owned(id, token);
        requireActive(r, "cancelled");
        slots.release(r.branchCode, r.treatmentCode, r.slotDate, r.slotTime);
        r.status = RegistrationStatus.CANCELLED;
        r.updatedAt = clock.instant();
        events.cancelled(r, "CUSTOMER");
        return r;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ConsentRecord> consentOf(UUID registrationId) {
        return ConsentRecord.find("registrationId = ?1 order by acceptedAt desc", registrationId).firstResultOptional();
    }

    static void requireActive(Registration r, String change) {
        if (!r.status.isActive()) {
            throw BookingProblem.conflict("registration-not-modifiable", "Registration cannot be changed",
                    "A registration with status " + r.status + " cannot be " + change + ".");
        }
    }

    private Registration owned(UUID id, String token) {
        Registration r = Registration.findById(id);
        // Same answer for an unknown id and a wrong token, so the API does not reveal which ids exist.
        if (r == null || r.status == RegistrationStatus.ERASED || !ManageTokens.matches(token, r.manageTokenHash)) {
            throw BookingProblem.notFound("registration-not-found", "Registration not found", NOT_FOUND_DETAIL);
        }
        return r;
    }

    private int claim(String key, String requestHash, Instant now) {
        return em.createNativeQuery("INSERT INTO idempotency_record (idempotency_key, request_hash, status, body, created_at) "
                        + "VALUES (?1, ?2, 0, '', ?3) ON CONFLICT (idempotency_key) DO NOTHING")
                .setParameter(1, key).setParameter(2, requestHash)
                .setParameter(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .executeUpdate();
    }

    private static Treatment treatment(Catalogue catalogue, String treatmentCode, String branchCode) {
        List<FieldError> errors = new ArrayList<>();
        Optional<Treatment> treatment = catalogue.treatment(treatmentCode);
        if (treatment.isEmpty()) {
            errors.add(new FieldError("treatmentCode", "Unknown treatment code " + treatmentCode));
        }
        if (catalogue.branch(branchCode).isEmpty()) {
            errors.add(new FieldError("branchCode", "Unknown branch code " + branchCode));
        }
        if (!errors.isEmpty()) {
            throw BookingProblem.invalid(errors);
        }
        return treatment.get();
    }

    static BookingProblem slotFull(LocalDate date, LocalTime time) {
        return BookingProblem.conflict("slot-full", "Slot full",
                "No place is left on " + date + " at " + SlotRules.format(time) + "; choose another slot.",
                new FieldError("preferredTime", "No place left at " + SlotRules.format(time) + " on " + date));
    }

    private static BookingProblem activeTrial(Treatment treatment) {
        return BookingProblem.conflict("active-free-trial-exists", "Free trial already booked",
                "This phone number already holds an active free trial of " + treatment.code + ".",
                new FieldError("phone", "This phone number already holds an active free trial of this treatment"));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
