package hk.clinic.notification.service;

import hk.clinic.notification.repository.DatabaseUnavailable;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Polls for due messages; a round still running when the next one is due is not overlapped. */
@ApplicationScoped
public class DeliveryScheduler {

    private static final Logger LOG = Logger.getLogger(DeliveryScheduler.class);

    @Inject
    Delivery delivery;

    @Scheduled(identity = "notification-delivery", every = "${clinic.delivery.poll-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            while (delivery.runOnce() > 0) {
                // keep going while there is a backlog
            }
        } catch (RuntimeException e) {
            if (!DatabaseUnavailable.isCause(e)) {
                throw e;
            }
            // An expected outage, not a bug: the next tick tries again, and rows claimed meanwhile keep their lease.
            LOG.warnf("Delivery round stopped, database unavailable (%s); retrying at the next tick",
                    DatabaseUnavailable.reason(e).orElse("?"));
        }
    }
}
