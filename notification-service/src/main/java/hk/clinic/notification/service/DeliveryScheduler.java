package hk.clinic.notification.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Polls for due messages; a round still running when the next one is due is not overlapped. */
@ApplicationScoped
public class DeliveryScheduler {

    @Inject
    Delivery delivery;

    @Scheduled(identity = "notification-delivery", every = "${clinic.delivery.poll-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        while (delivery.runOnce() > 0) {
            // keep going while there is a backlog
        }
    }
}
