package hk.clinic.notification.service;

import hk.clinic.notification.domain.NotificationType;
import hk.clinic.notification.domain.RegistrationContact;
import hk.clinic.notification.repository.NotificationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Withdraws consent to direct marketing: for the registration and every other one with the same phone or email. */
@ApplicationScoped
public class OptOuts {

    @Inject
    NotificationRepository notifications;

    @Inject
    Scheduling scheduling;

    @Inject
    Clock clock;

    /** Idempotent; false when nothing is known about the registration (erased or never seen). */
    @Transactional
    public boolean optOut(UUID registrationId) {
        RegistrationContact contact = RegistrationContact.findById(registrationId);
        if (contact == null) {
            return false;
        }
        Instant now = clock.instant();
        Set<RegistrationContact> same = new HashSet<>(List.of(contact));
        if (contact.phone != null) {
            same.addAll(RegistrationContact.list("phone", contact.phone));
        }
        if (contact.email != null) {
            same.addAll(RegistrationContact.list("email", contact.email));
        }
        for (RegistrationContact c : same) {
            c.marketingOptIn = false;
            if (c.optedOutAt == null) {
                c.optedOutAt = now;
            }
            c.updatedAt = now;
            notifications.scheduled(c.registrationId, NotificationType.REBOOK_OFFER)
                    .forEach(n -> scheduling.cancel(n, "Cancelled: the person opted out of offers"));
        }
        return true;
    }
}
