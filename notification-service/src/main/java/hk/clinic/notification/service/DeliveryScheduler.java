package hk.clinic.notification.service;

import hk.clinic.notification.repository.DatabaseUnavailable;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs delivery rounds: at once when a committed transaction scheduled a message that is due now, when a sender
 * frees up while due messages wait, and on every poll as the safety net (backoff retries, expired leases, quiet
 * hours ending, a nudge lost to a crash). A round claims only as many messages as there are free senders and
 * returns without waiting for the sends. Rounds of this instance never overlap; a nudge arriving during a round
 * makes that round look again.
 */
@ApplicationScoped
public class DeliveryScheduler {

    private static final Logger LOG = Logger.getLogger(DeliveryScheduler.class);

    @Inject
    Delivery delivery;

    /** Nudged rounds run here, off the consumer's thread; one thread, since rounds never overlap anyway. */
    private final ExecutorService nudges = Executors.newSingleThreadExecutor(r -> new Thread(r, "delivery-nudge"));

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    /** A nudged round is waiting for the executor: further nudges ride on it instead of queueing rounds of their own. */
    private final AtomicBoolean nudgeQueued = new AtomicBoolean();
    /** The last look may have left due messages behind for want of a free sender. */
    private final AtomicBoolean saturated = new AtomicBoolean();
    private volatile boolean stopping;

    @PreDestroy
    void stop() {
        nudges.shutdownNow();
    }

    // Not while starting or shutting down: a round then met a closed EntityManagerFactory and logged errors.
    @Scheduled(identity = "notification-delivery", every = "${clinic.delivery.poll-interval:1s}",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            delivery.refreshLag();
            drain();
        } catch (RuntimeException e) {
            if (!DatabaseUnavailable.isCause(e)) {
                throw e;
            }
            // An expected outage, not a bug: the next tick tries again, and rows claimed meanwhile keep their lease.
            LOG.warnf("Delivery round stopped, database unavailable (%s); retrying at the next tick",
                    DatabaseUnavailable.reason(e).orElse("?"));
        }
    }

    void onDueNow(@Observes(during = TransactionPhase.AFTER_SUCCESS) Scheduling.DueNow due) {
        nudge();
    }

    void onStop(@Observes ShutdownEvent stop) {
        stopping = true;
    }

    /** A look for due messages soon, off the caller's thread; nudges coming while one waits ride on it. */
    private void nudge() {
        if (stopping || !nudgeQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            nudges.execute(() -> {
                nudgeQueued.set(false);
                try {
                    drain();
                } catch (RuntimeException e) {
                    LOG.warnf("Nudged delivery round failed, the next poll retries: %s", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            nudgeQueued.set(false); // shutting down: the rows are there for the next start
        }
    }

    /** A sender became free: if the last look found more due messages than free senders, look again now. */
    private void sendFinished() {
        if (saturated.compareAndSet(true, false)) {
            nudge();
        }
    }

    /**
     * Hands due messages to the free senders, as many as there are free senders; a call while another runs only
     * asks that one to look once more. When every sender is busy, the first to finish calls for the next look,
     * so a message that became due waits for one send at most, not for a whole batch.
     */
    void drain() {
        do {
            if (!running.compareAndSet(false, true)) {
                again.set(true);
                return;
            }
            try {
                do {
                    again.set(false);
                    // Set before looking, so that a send finishing meanwhile cannot miss that a look is wanted.
                    saturated.set(true);
                    int free = delivery.idleSenders();
                    if (free > 0 && delivery.dispatch(free, this::sendFinished) < free) {
                        saturated.set(false); // nothing else is due: new messages nudge, retries wait for the poll
                    }
                } while (again.get());
            } finally {
                running.set(false);
            }
            // A nudge that came between the last look and the release found the round still running: serve it.
        } while (again.get());
    }
}
