package hk.clinic.allinone.bench;

import hk.clinic.allinone.Platform;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Brings the pipeline to rest between workloads: booking's outbox published, notification's consumer caught up
 * with the topic, and the messages earlier workloads queued (thousands of confirmations) cancelled rather than
 * sent, so a timed workload doesn't share the sender with a backlog it didn't make.
 */
final class Backlog {

    private static final String TOPIC = "booking.registrations";
    private static final String GROUP = "notification-service";

    private Backlog() {
    }

    /** Returns how many due messages of earlier workloads were cancelled. */
    static int settle(Platform platform, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection db = platform.infra().postgres().adminConnection();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.infra().kafka().bootstrapServers()))) {
            while (true) {
                long unpublished = count(db, "SELECT count(*) FROM booking.outbox_event WHERE published_at IS NULL");
                long lag = consumerLag(admin);
                if (unpublished == 0 && lag == 0) {
                    break;
                }
                Bench.require(System.nanoTime() < deadline, "the event pipeline did not come to rest within " + timeout
                        + ": " + unpublished + " outbox rows unpublished, consumer lag " + lag);
                Thread.sleep(500);
            }
            int cancelled;
            try (Statement st = db.createStatement()) {
                cancelled = st.executeUpdate("UPDATE notification.notification SET status = 'CANCELLED', "
                        + "last_error = 'Cancelled by the benchmark (backlog of an earlier workload)', updated_at = now() "
                        + "WHERE status = 'SCHEDULED' AND due_at <= now() + interval '1 minute'");
            }
            while (count(db, "SELECT count(*) FROM notification.notification WHERE status = 'SENDING'") > 0) {
                Bench.require(System.nanoTime() < deadline, "notification-service's batch in flight did not finish within " + timeout);
                Thread.sleep(200);
            }
            return cancelled;
        }
    }

    /** Records on the topic that notification-service's group has not committed yet (its commits lag by seconds). */
    private static long consumerLag(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        var partitions = admin.describeTopics(java.util.List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(TOPIC).partitions().stream().map(p -> new TopicPartition(TOPIC, p.partition())).toList();
        Map<TopicPartition, OffsetSpec> latest = partitions.stream().collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
        long lag = 0;
        for (var e : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += e.getValue().offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }

    static long count(Connection db, String sql) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
