package hk.clinic.booking.service;

import hk.clinic.booking.config.BookingConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Forgets what is no longer needed: old idempotent answers (they quote personal data) and published events. */
@ApplicationScoped
public class Housekeeping {

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    BookingConfig config;

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    public void purge() {
        var now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        em.createNativeQuery("DELETE FROM idempotency_record WHERE created_at < ?1")
                .setParameter(1, now.minus(config.booking().idempotencyRetention())).executeUpdate();
        em.createNativeQuery("DELETE FROM outbox_event WHERE published_at IS NOT NULL AND published_at < ?1")
                .setParameter(1, now.minus(config.outbox().retention())).executeUpdate();
    }
}
