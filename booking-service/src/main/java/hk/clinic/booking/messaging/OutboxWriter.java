package hk.clinic.booking.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Appends a CloudEvent to the outbox; it must run inside the business change's own transaction. The row keeps the
 * change's trace context, which the relay publishes with the event.
 */
@ApplicationScoped
public class OutboxWriter {

    /** Fired after an event was appended; the relay hears it once the transaction has committed. */
    public record Appended() {
    }

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Event<Appended> appended;

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(ObjectNode event) {
        em.createNativeQuery("INSERT INTO outbox_event (id, aggregate_id, type, payload, created_at, trace_parent) "
                        + "VALUES (?1, ?2, ?3, CAST(?4 AS json), ?5, ?6)")
                .setParameter(1, UUID.fromString(event.get("id").asText()))
                .setParameter(2, UUID.fromString(event.get("subject").asText()))
                .setParameter(3, event.get("type").asText())
                .setParameter(4, event.toString())
                .setParameter(5, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .setParameter(6, TraceContexts.current())
                .executeUpdate();
        appended.fire(new Appended());
    }
}
