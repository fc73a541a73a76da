package hk.clinic.notification.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** The ids of the CloudEvents already applied; written in the transaction of the event's effect. */
@ApplicationScoped
public class MessageLog {

    @Inject
    EntityManager em;

    /** Records the event; false when it was recorded before, so the caller must not apply it again. */
    public boolean firstTime(String eventId, String eventType, String subject) {
        return em.createNativeQuery("""
                        INSERT INTO processed_event (event_id, event_type, subject) VALUES (?1, ?2, ?3)
                        ON CONFLICT (event_id) DO NOTHING""")
                .setParameter(1, eventId)
                .setParameter(2, eventType)
                .setParameter(3, subject)
                .executeUpdate() == 1;
    }
}
