package hk.clinic.notification.service;

import hk.clinic.notification.domain.Channel;
import hk.clinic.notification.domain.NotificationStatus;
import hk.clinic.notification.domain.NotificationType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.atomic.AtomicLong;

/** Business metrics; labels carry channel, type and status only, never anything about a person. */
@ApplicationScoped
public class NotificationMetrics {

    @Inject
    MeterRegistry registry;

    @Inject
    HandOffs handOffs;

    private final AtomicLong schedulerLagMillis = new AtomicLong();
    private final AtomicLong consumerLagMillis = new AtomicLong();

    @PostConstruct
    void init() {
        Gauge.builder("clinic.notification.scheduler.lag", schedulerLagMillis, v -> v.get() / 1000.0)
                .description("How late the oldest due message still waiting to be sent is")
                .baseUnit("seconds").register(registry);
        Gauge.builder("clinic.notification.consumer.lag", consumerLagMillis, v -> v.get() / 1000.0)
                .description("Time between the last applied registration event's creation and its application")
                .baseUnit("seconds").register(registry);
        // The scheduler lag counts the table only: a message waiting in memory shows here.
        Gauge.builder("clinic.notification.hand.offs.waiting", handOffs, HandOffs::size)
                .description("Messages due now, claimed as they were scheduled, waiting in memory for a sender")
                .register(registry);
    }

    /** {@code clinic_notifications_total{channel,type,status}}: each message counted once per status it reaches. */
    public void reached(Channel channel, NotificationType type, NotificationStatus status) {
        Counter.builder("clinic.notifications")
                .description("Notification messages by channel, type and the status they reached")
                .tag("channel", channel.name()).tag("type", type.name()).tag("status", status.name())
                .register(registry).increment();
    }

    public void schedulerLag(long millis) {
        schedulerLagMillis.set(Math.max(0, millis));
    }

    public void consumerLag(long millis) {
        consumerLagMillis.set(Math.max(0, millis));
    }
}
