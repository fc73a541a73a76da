package hk.clinic.notification.service;

import hk.clinic.notification.repository.DatabaseUnavailable;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Calls the senders: at once when a committed transaction scheduled a message that is due now (handing it over
 * when that transaction claimed it), and on every poll
 * as the safety net (backoff retries, expired leases, quiet hours ending, a call lost to a crash). Calling never
 * waits: it starts an idle sender, and the senders claim and send until nothing is due (see {@link Delivery}).
 */
@ApplicationScoped
public class DeliveryScheduler {

    private static final Logger LOG = Logger.getLogger(DeliveryScheduler.class);

    @Inject
    Delivery delivery;

    // Not while starting or shutting down: a round then met a closed EntityManagerFactory and logged errors.
    @Scheduled(identity = "notification-delivery", every = "${clinic.delivery.poll-interval:1s}",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        boolean databaseAway = false;
        try {
            delivery.releaseExpiredLeases();
            delivery.refreshLag();
        } catch (RuntimeException e) {
            if (!DatabaseUnavailable.isCause(e)) {
                throw e;
            }
            // An expected outage, not a bug: the next tick tries again, and rows claimed meanwhile keep their lease.
            LOG.warnf("Delivery poll skipped, database unavailable (%s); retrying at the next tick",
                    DatabaseUnavailable.reason(e).orElse("?"));
            databaseAway = true;
        } finally {
            // The senders look at the table only when called: a bug in the lag query must not stop that.
            if (!databaseAway) {
                delivery.wake();
            }
        }
    }

    void onDueNow(@Observes(during = TransactionPhase.AFTER_SUCCESS) Scheduling.DueNow due) {
        if (due.claim() != null) {
            delivery.handOver(due.claim());
        } else {
            delivery.wake();
        }
    }
}
