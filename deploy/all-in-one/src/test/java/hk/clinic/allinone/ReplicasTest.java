package hk.clinic.allinone;

import com.fasterxml.jackson.databind.ObjectMapper;
import hk.clinic.allinone.support.Clinic;
import hk.clinic.allinone.support.Deliveries;
import hk.clinic.allinone.support.Deliveries.Count;
import hk.clinic.allinone.support.KafkaTopics;
import hk.clinic.allinone.support.RunningPlatform;
import hk.clinic.allinone.support.SteadyLoad;
import hk.clinic.allinone.support.SteadyLoad.Accepted;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas of booking-service (two outbox relays competing for the advisory lock) and of notification-service
 * (one consumer group sharing the partitions, two schedulers claiming due messages) under a steady load split
 * across both booking instances, with reschedules and cancellations mixed in. Every registration is confirmed
 * exactly once per channel, each registration's events reach the topic once and in order, both notification
 * instances did part of the work, and once the replicas are stopped the platform carries on alone.
 * <p>
 * Also the on-demand soak: {@code -Dsoak.duration=PT30M} (default PT20S) and {@code -Dsoak.rate=4}
 * (registrations per second) make the same test longer; it then also shows each service's memory (VmRSS).
 */
@ExtendWith(RunningPlatform.class)
class ReplicasTest {

    private static final Duration DURATION = Duration.parse(System.getProperty("soak.duration", "PT20S"));
    private static final int RATE = Integer.getInteger("soak.rate", 4);
    private static final String TOPIC = "booking.registrations";
    private static final String GROUP = "notification-service";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Platform platform = RunningPlatform.platform();
    private final Clinic clinic = new Clinic(platform);
    private final Deliveries deliveries = new Deliveries(platform);
    private final KafkaTopics kafka = new KafkaTopics(platform.infra().kafka().bootstrapServers());
    /** The extra instances, stopped after the test whatever happened, so later test classes meet one of each. */
    private final List<ServiceProcess> replicas = new ArrayList<>();

    @AfterEach
    void stopReplicas() {
        replicas.forEach(ServiceProcess::stop);
    }

    @Test
    void twoReplicasOfEachShareTheWorkAndEveryRegistrationIsConfirmedExactlyOnce() throws Exception {
        ServiceProcess booking = platform.service("booking");
        ServiceProcess notification = platform.service("notification");
        CompletableFuture<ServiceProcess> startingBooking = CompletableFuture.supplyAsync(() -> platform.startReplica("booking"));
        CompletableFuture<ServiceProcess> startingNotification = CompletableFuture.supplyAsync(() -> platform.startReplica("notification"));
        ServiceProcess booking2 = startingBooking.join();
        ServiceProcess notification2 = startingNotification.join();
        replicas.addAll(List.of(booking2, notification2));
        int partitions = kafka.partitions(TOPIC);
        await().atMost(Duration.ofSeconds(90)).until(() -> sharesPartitions(kafka.assignments(GROUP, TOPIC), 2, partitions));
        double sentBefore = sentMessages(notification);
        Map<String, Long> rssAtStart = rss(booking, booking2, notification, notification2, platform.service("content"));

        SteadyLoad load = SteadyLoad.start(clinic, RATE, List.of(booking.baseUrl(), booking2.baseUrl()));
        // Reschedules and cancellations, each answered 200, each sends one more WhatsApp message (the notice).
        Map<String, Integer> notices = new ConcurrentHashMap<>();
        AtomicInteger modificationsRefused = new AtomicInteger();
        AtomicInteger modifications = new AtomicInteger();
        List<Long> backlog = new ArrayList<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleWithFixedDelay(() -> {
            long waiting = unpublishedOutboxRows();
            synchronized (backlog) {
                backlog.add(waiting);
            }
        }, 0, 1, TimeUnit.SECONDS);
        Instant end = Instant.now().plus(DURATION);
        try {
            await().atMost(DURATION.plusMinutes(2)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                modifyOne(load, notices, modifications, modificationsRefused);
                return Instant.now().isAfter(end);
            });
        } finally {
            load.close();
            sampler.shutdownNow();
        }

        List<Accepted> accepted = load.accepted();
        Map<String, Long> perBooking = accepted.stream().collect(Collectors.groupingBy(Accepted::booking, Collectors.counting()));
        assertTrue(load.unsafeServerErrors().isEmpty(), "unsafe 5xx: " + load.unsafeServerErrors());
        assertEquals(0, load.statusCounts().getOrDefault(-1, 0), "every request answered: " + load.statusCounts());
        assertEquals(0, modificationsRefused.get(), "every reschedule and cancel answered 200");
        assertTrue(perBooking.getOrDefault(booking.baseUrl(), 0L) > 0 && perBooking.getOrDefault(booking2.baseUrl(), 0L) > 0,
                "both booking instances took registrations: " + perBooking);

        // First what left booking: every event on the topic once, in order (a lost event shows here, by id).
        await().atMost(Duration.ofMinutes(1)).until(() -> unpublishedOutboxRows() == 0);
        EventOrder order = checkEventOrder(accepted);

        // Exactly once per channel, as the receiving side saw it: one email, one WhatsApp confirmation plus the notices.
        Map<String, Count> expected = new LinkedHashMap<>();
        accepted.forEach(a -> expected.put(a.id(), new Count(1, 1 + notices.getOrDefault(a.id(), 0), 0)));
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    reached(deliveries.count(accepted), expected));
        } catch (ConditionTimeoutException e) {
            Map<String, Count> counts = deliveries.count(accepted);
            throw new AssertionError("not every registration got its messages: " + counts.entrySet().stream()
                    .filter(c -> !c.getValue().equals(expected.get(c.getKey())))
                    .map(c -> c.getKey() + " got " + c.getValue() + ", expected " + expected.get(c.getKey())
                            + ", timeline " + clinic.timeline(c.getKey())).toList(), e);
        }
        double sentByPrimary = sentMessages(notification) - sentBefore;
        double sentByReplica = sentMessages(notification2);
        assertTrue(sentByPrimary > 0 && sentByReplica > 0,
                "both notification instances sent messages: " + sentByPrimary + " and " + sentByReplica);
        Map<String, Long> rssAtEnd = rss(booking, booking2, notification, notification2, platform.service("content"));

        // The replicas go away (as in a scale-down); the group rebalances back and the platform carries on alone.
        CompletableFuture.allOf(CompletableFuture.runAsync(booking2::stop), CompletableFuture.runAsync(notification2::stop)).join();
        await().atMost(Duration.ofSeconds(90)).until(() -> sharesPartitions(kafka.assignments(GROUP, TOPIC), 1, partitions));
        for (ServiceProcess s : List.of(booking, notification, platform.service("content"))) {
            given().get(s.baseUrl() + "/q/health/ready").then().statusCode(200);
        }
        SteadyLoad after = SteadyLoad.start(clinic, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> after.accepted().size() >= 2);
        after.close();
        List<Accepted> afterwards = after.accepted();
        afterwards.forEach(a -> expected.put(a.id(), new Count(1, 1, 0)));
        List<Accepted> all = new ArrayList<>(accepted);
        all.addAll(afterwards);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() -> reached(deliveries.count(afterwards), expected));
        assertTrue(after.unsafeServerErrors().isEmpty() && after.statusCounts().keySet().stream().allMatch(s -> s == 201),
                "alone again, booking answers as before: " + after.statusCounts());

        // Counted once more at the very end, so that a late duplicate from either instance would show.
        Map<String, Count> counts = deliveries.count(all);
        List<String> wrong = counts.entrySet().stream().filter(e -> !e.getValue().equals(expected.get(e.getKey())))
                .map(e -> e.getKey() + "=" + e.getValue() + " (expected " + expected.get(e.getKey()) + ")").toList();
        long maxBacklog;
        synchronized (backlog) {
            maxBacklog = backlog.stream().mapToLong(Long::longValue).max().orElse(0);
        }
        System.out.printf("ReplicasTest: %s at %d/s over 2 booking + 2 notification instances: %d registrations in "
                        + "(%d + %d per booking instance; answers %s), %d reschedules/cancels, %d email + %d WhatsApp "
                        + "messages expected and %s, %d lost, %d duplicated, 0 unsafe 5xx; %d events on the topic for them "
                        + "in outbox order, %d duplicates on the topic; sent by notification 1 / 2: %.0f / %.0f; outbox "
                        + "backlog max %d, 0 at the end; %d more registrations after the scale-down confirmed once; RSS MiB at "
                        + "start %s, at end %s; %d open places known at the start%n",
                DURATION, RATE, accepted.size(), perBooking.getOrDefault(booking.baseUrl(), 0L),
                perBooking.getOrDefault(booking2.baseUrl(), 0L), load.statusCounts(), modifications.get(),
                expected.size(), expected.values().stream().mapToInt(Count::whatsApp).sum(),
                wrong.isEmpty() ? "all received exactly" : wrong.size() + " wrong",
                counts.values().stream().filter(c -> c.emails() == 0 || c.whatsApp() == 0).count(),
                counts.entrySet().stream().filter(e -> e.getValue().emails() > 1
                        || e.getValue().whatsApp() > expected.get(e.getKey()).whatsApp()).count(),
                order.events(), order.duplicates(), sentByPrimary, sentByReplica, maxBacklog, afterwards.size(),
                rssAtStart, rssAtEnd, load.placesKnown());
        assertTrue(wrong.isEmpty(), "messages per registration: " + wrong);
    }

    /**
     * Reschedules (2 of 3) or cancels the latest registration whose confirmations have gone out: a cancellation
     * before that would rightly withdraw the unsent confirmation, and the counts expect one per registration.
     */
    private void modifyOne(SteadyLoad load, Map<String, Integer> notices, AtomicInteger modifications, AtomicInteger refused) {
        List<Accepted> accepted = load.accepted();
        for (int i = accepted.size() - 2; i >= 0 && i >= accepted.size() - 10 * RATE; i--) {
            Accepted candidate = accepted.get(i);
            if (notices.containsKey(candidate.id()) || !confirmationsSent(candidate.id())) {
                continue;
            }
            int n = modifications.incrementAndGet();
            SteadyLoad.Answer answer = n % 3 == 0 ? load.cancel(candidate) : load.reschedule(candidate);
            if (answer.status() == 200) {
                notices.put(candidate.id(), 1);
            } else {
                refused.incrementAndGet();
                notices.put(candidate.id(), 0);
            }
            return;
        }
    }

    private boolean confirmationsSent(String registrationId) {
        return clinic.timeline(registrationId).stream()
                .filter(n -> n.get("type").equals("CONFIRMATION") && "SENT".equals(n.get("status"))).count() == 2;
    }

    private static boolean reached(Map<String, Count> counts, Map<String, Count> expected) {
        return counts.entrySet().stream().allMatch(e -> {
            Count want = expected.get(e.getKey());
            return e.getValue().emails() >= want.emails() && e.getValue().whatsApp() >= want.whatsApp();
        });
    }

    /** Every member holds at least one partition and together they hold them all. */
    private static boolean sharesPartitions(List<Set<TopicPartition>> members, int count, int partitions) {
        Set<TopicPartition> all = new HashSet<>();
        members.forEach(all::addAll);
        return members.size() == count && members.stream().noneMatch(Set::isEmpty) && all.size() == partitions;
    }

    private record EventOrder(int events, int duplicates) {
    }

    /**
     * Each registration's outbox rows are all published, and its events sit on the topic (one partition, as the
     * key is the registration id) once each and in the outbox's order, whichever relay published them.
     */
    private EventOrder checkEventOrder(List<Accepted> accepted) throws SQLException, IOException {
        Set<String> ids = accepted.stream().map(Accepted::id).collect(Collectors.toSet());
        Map<String, List<String>> outbox = new LinkedHashMap<>();
        try (Connection c = platform.infra().postgres().adminConnection();
             var query = c.prepareStatement("SELECT aggregate_id::text, id::text, published_at IS NOT NULL "
                     + "FROM booking.outbox_event WHERE aggregate_id = ANY (?) ORDER BY seq")) {
            Array array = c.createArrayOf("uuid", ids.stream().map(UUID::fromString).toArray());
            query.setArray(1, array);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    assertTrue(rs.getBoolean(3), "outbox row " + rs.getString(2) + " published");
                    outbox.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        assertEquals(ids, outbox.keySet(), "every registration wrote outbox rows");
        Map<String, List<String>> onTopic = new LinkedHashMap<>();
        Map<String, Set<Integer>> partitionsOf = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> r : kafka.readAll(TOPIC)) {
            if (r.key() != null && ids.contains(r.key())) {
                onTopic.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(JSON.readTree(r.value()).path("id").asText());
                partitionsOf.computeIfAbsent(r.key(), k -> new HashSet<>()).add(r.partition());
            }
        }
        int events = 0;
        int duplicates = 0;
        for (String id : ids) {
            List<String> published = onTopic.getOrDefault(id, List.of());
            events += published.size();
            duplicates += published.size() - (int) published.stream().distinct().count();
            assertEquals(outbox.get(id), published.stream().distinct().toList(), "events of " + id + " in outbox order");
            assertEquals(1, partitionsOf.get(id).size(), "one partition per registration");
        }
        assertEquals(0, duplicates, "no event published twice by the two relays");
        return new EventOrder(events, duplicates);
    }

    private long unpublishedOutboxRows() {
        try (Connection c = platform.infra().postgres().adminConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM booking.outbox_event WHERE published_at IS NULL")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Messages this notification instance handed to SMTP or a provider, from its own counter. */
    private static double sentMessages(ServiceProcess notification) {
        return given().get(notification.baseUrl() + "/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith("clinic_notifications_total{") && l.contains("status=\"SENT\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static Map<String, Long> rss(ServiceProcess... processes) {
        Map<String, Long> rss = new LinkedHashMap<>();
        for (ServiceProcess p : processes) {
            String name = p.logFile().getFileName().toString().replace("-service", "").replace(".log", "");
            rss.put(name, rssMiB(p.pid()));
        }
        return rss;
    }

    private static long rssMiB(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).findFirst().orElse(-1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
