package hk.clinic.notification;

import hk.clinic.notification.service.Scheduling;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the calls for a delivery round that committed transactions make, per committing thread (the
 * after-success observers run on it), so a test sees its own calls and not the consumer's.
 */
@ApplicationScoped
public class DueNowEvents {

    private final Map<Thread, Integer> byThread = new ConcurrentHashMap<>();

    void on(@Observes(during = TransactionPhase.AFTER_SUCCESS) Scheduling.DueNow due) {
        byThread.merge(Thread.currentThread(), 1, Integer::sum);
    }

    public int seenOn(Thread thread) {
        return byThread.getOrDefault(thread, 0);
    }
}
