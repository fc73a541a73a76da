package hk.clinic.allinone.bench;

import hk.clinic.allinone.Platform;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 8's event pipeline: registrations at a fixed rate, each timed from its 201 to its confirmation e-mail
 * accepted by the SMTP server (GreenMail, in this JVM, stamps each message when it stores it). The load is an
 * open-loop Java client: wrk can't keep a fixed rate (wrk2 isn't packaged here) and its Lua has no wall clock to
 * stamp a 201 with, which the match against the mail's receive time needs. The limit, at the same rate: one
 * PostgreSQL commit plus a Kafka produce → consume on the same broker with booking's producer settings.
 */
final class EventPipeline {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final String FIGURE = "registration 201 → confirmation e-mail accepted by SMTP";

    private final Bench bench;
    private final Platform platform;
    private final int rate;
    private final Duration runFor;

    EventPipeline(Bench bench) {
        this.bench = bench;
        this.platform = bench.platform;
        this.rate = Integer.getInteger("bench.pipeline.rate", 20);
        this.runFor = Duration.ofSeconds(Long.getLong("bench.pipeline.seconds", 60));
    }

    private record Sent(long n, String email, long sentNanos, long answeredNanos, Instant answeredAt, int status, String id) {
    }

    void run() throws Exception {
        bench.prepareRegistrations();
        int cancelled = Backlog.settle(platform, Duration.ofMinutes(10));
        platform.infra().mail().purge();
        int warm = (int) (bench.warmUp.toSeconds() * rate);
        int counted = (int) (runFor.toSeconds() * rate);
        Bench.log("event pipeline: " + rate + " registrations/s for " + bench.warmUp.toSeconds() + " s (warm-up) + "
                + runFor.toSeconds() + " s; " + cancelled + " due messages of earlier workloads cancelled first");

        // The counted run starts once the warm-up's confirmations have all arrived and the machine is quiet. When
        // it followed the warm-up straight on, a cold start (BENCH_ONLY=pipeline) had notification's consumer 23 s
        // behind, at 20/s it never caught up, and the counted p50 was that backlog (2026-12-02, 23.2 s).
        awaitMail(register(warm), Duration.ofMinutes(2));
        Tools.awaitQuiet();
        platform.infra().mail().purge();
        Map<String, Double> c0 = bench.cpu();
        List<Sent> measured = register(counted);
        Map<String, Instant> received = awaitMail(measured, Duration.ofMinutes(2));
        Map<String, Double> c1 = bench.cpu();

        List<Long> totals = new ArrayList<>();
        List<Long> posts = new ArrayList<>();
        Map<String, Sent> byId = new HashMap<>();
        long errors = 0;
        for (Sent s : measured) {
            posts.add((s.answeredNanos() - s.sentNanos()) / 1000);
            Instant mail = received.get(s.email());
            if (s.status() != 201 || mail == null) {
                errors++;
                continue;
            }
            totals.add(Duration.between(s.answeredAt(), mail).toNanos() / 1000);
            byId.put(s.id(), s);
        }
        Measurement service = Measurement.ofSamples("pipeline", 0, longs(totals), runFor.toSeconds(), errors);
        Map<String, Measurement> parts = new LinkedHashMap<>();
        parts.put("end to end: 201 answered → e-mail accepted by SMTP", service);
        parts.put("the POST itself: request sent → 201 answered (client's view)",
                Measurement.ofSamples("post", 0, longs(posts), runFor.toSeconds(), 0));
        parts.putAll(whereTheTimeGoes(byId, received));

        Bench.log("event pipeline limit: one PostgreSQL commit + Kafka produce → consume at " + rate + "/s");
        PipelineLimit.Result limit = new PipelineLimit(platform, rate, bench.warmUp, runFor,
                Files.readString(bench.repo.resolve("booking-service/src/main/contract/examples/01-registration-submitted.json"))).run();
        Map<String, Double> c2 = bench.cpu();

        bench.report.pair("eventPipeline", FIGURE, rate + "/s", "booking → Kafka → notification → SMTP",
                "PostgreSQL commit + Kafka produce→consume", service, limit.total(), Bench.delta(c0, c1), Bench.delta(c1, c2));
        bench.report.breakdown("Event pipeline: where the time goes (" + rate + " registrations/s, " + service.requests()
                        + " registrations)",
                "From the timestamps the services write: booking's outbox row (`created_at` in the registration's transaction, "
                        + "`published_at` when Kafka acknowledged it), notification's message row (`created_at` when the "
                        + "consumed event scheduled it, `claimed_at` when it was claimed for a sender: in that same transaction for a message handed off, since 2026-12-03), and GreenMail's "
                        + "receive time (millisecond resolution). All clocks are this machine's. `published_at` is written "
                        + "after the acknowledgement, so the consumer can be earlier than it (negative parts). The limit's parts "
                        + "are below the pipeline's.",
                parts);
        bench.report.breakdown("Event pipeline limit, by part (" + rate + "/s)",
                "The same sample split in its two steps: INSERT + commit of a row carrying the event's payload in a bench "
                        + "table, then its send until a consumer assigned to the topic's 3 partitions polls it. The embedded "
                        + "broker flushes its log after every message (log.flush.interval.messages=1), for the services as for the limit.",
                Map.of("PostgreSQL INSERT + commit", limit.commit(), "Kafka produce → consume (acks=all, idempotent, linger.ms=0)",
                        limit.kafka()));
        bench.report.note("Event pipeline: an open-loop Java client (java.net.http) sends " + rate + " registrations/s for "
                + runFor.toSeconds() + " s, after an uncounted " + bench.warmUp.toSeconds() + " s at the same rate whose "
                + "confirmations all arrived before the counted run began. wrk can't hold a fixed rate (wrk2 is not packaged) and can't stamp each 201 with the "
                + "wall clock, which the match with the mail server's receive time needs. Quiet hours are off "
                + "(clinic.quiet-hours.start/end=00:00, as in the system tests; they would hold back WhatsApp, not e-mail). "
                + "Messages that earlier workloads queued were cancelled before the run (" + cancelled + ") so the sender "
                + "starts idle. " + errors + " of " + measured.size() + " counted registrations had no 201 or no e-mail within 2 min.");
    }

    /** Paced POSTs: one every 1/rate s whatever the answers, so a slow answer doesn't slow the arrivals. */
    private List<Sent> register(int total) throws Exception {
        List<String> places = Files.readAllLines(bench.places);
        ExecutorService io = Executors.newFixedThreadPool(4);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(io)
                .connectTimeout(Duration.ofSeconds(2)).build();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        Sent[] sent = new Sent[total];
        CountDownLatch done = new CountDownLatch(total);
        AtomicInteger next = new AtomicInteger();
        long first = bench.nextRequest;
        URI uri = URI.create(platform.service("booking").baseUrl() + "/api/v1/registrations");
        try {
            ticker.scheduleAtFixedRate(() -> {
                int k = next.getAndIncrement();
                if (k >= total) {
                    return;
                }
                long n = first + k;
                String[] place = places.get((int) (n % places.size())).split(" ");
                String email = "pipeline" + n + "@example.com";
                String body = String.format("{\"treatmentCode\":\"acne-treatment-trial\",\"branchCode\":\"%s\",\"preferredDate\":\"%s\","
                                + "\"preferredTime\":\"%s\",\"fullName\":\"Pipeline Client\",\"phone\":\"+852 91%06d\",\"email\":\"%s\","
                                + "\"language\":\"%s\",\"consent\":{\"termsVersion\":\"2025-10\",\"privacyVersion\":\"2025-10\",\"accepted\":true},"
                                + "\"marketingOptIn\":false,\"source\":{\"channel\":\"web\",\"campaign\":\"milia-guide\"}}",
                        place[0], place[1], place[2], n % 1_000_000, email, n % 2 == 0 ? "en" : "zh-HK");
                long t0 = System.nanoTime();
                client.sendAsync(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString()).whenComplete((r, failure) -> {
                    long t1 = System.nanoTime();
                    Instant at = Instant.now();
                    String id = null;
                    if (r != null) {
                        Matcher m = ID.matcher(r.body());
                        id = m.find() ? m.group(1) : null;
                    }
                    sent[k] = new Sent(n, email, t0, t1, at, r == null ? -1 : r.statusCode(), id);
                    done.countDown();
                });
            }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
            Bench.require(done.await(total / rate + 120, TimeUnit.SECONDS), "registrations did not all answer");
        } finally {
            ticker.shutdownNow();
            io.shutdownNow();
        }
        bench.nextRequest += total + 100;
        return List.of(sent);
    }

    /** The receive time of the first message to each address, once every 201's address has one or time is up. */
    private Map<String, Instant> awaitMail(List<Sent> measured, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long expected = measured.stream().filter(s -> s.status() == 201).count();
        Map<String, Instant> received = new ConcurrentHashMap<>();
        while (true) {
            for (MimeMessage m : platform.infra().mail().received()) {
                try {
                    Address[] to = m.getAllRecipients();
                    if (to != null && to.length > 0 && m.getReceivedDate() != null) {
                        received.putIfAbsent(to[0].toString(), m.getReceivedDate().toInstant());
                    }
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }
            long arrived = measured.stream().filter(s -> s.status() == 201 && received.containsKey(s.email())).count();
            if (arrived == expected || System.nanoTime() > deadline) {
                return received;
            }
            Thread.sleep(500);
        }
    }

    /** Splits each registration's time at the timestamps booking and notification write in their rows. */
    private Map<String, Measurement> whereTheTimeGoes(Map<String, Sent> byId, Map<String, Instant> received) throws Exception {
        List<Long> relay = new ArrayList<>();
        List<Long> commitToPublished = new ArrayList<>();
        List<Long> consume = new ArrayList<>();
        List<Long> wait = new ArrayList<>();
        List<Long> send = new ArrayList<>();
        List<Long> notification = new ArrayList<>();
        try (Connection db = platform.infra().postgres().adminConnection();
             PreparedStatement q = db.prepareStatement("""
                     SELECT o.aggregate_id::text, o.created_at, o.published_at, n.created_at, n.claimed_at
                     FROM booking.outbox_event o
                     JOIN notification.notification n ON n.registration_id = o.aggregate_id
                     WHERE o.type = 'clinic.booking.registration.submitted.v1' AND n.type = 'CONFIRMATION'
                       AND n.channel = 'EMAIL' AND o.aggregate_id = ANY (?)""")) {
            q.setArray(1, db.createArrayOf("uuid", byId.keySet().stream().map(java.util.UUID::fromString).toArray()));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Sent s = byId.get(rs.getString(1));
                    Instant written = rs.getObject(2, OffsetDateTime.class).toInstant();
                    Instant published = rs.getObject(3, OffsetDateTime.class).toInstant();
                    Instant scheduled = rs.getObject(4, OffsetDateTime.class).toInstant();
                    Instant claimed = rs.getObject(5, OffsetDateTime.class).toInstant();
                    Instant mail = received.get(s.email());
                    commitToPublished.add(us(written, published));
                    relay.add(us(s.answeredAt(), published));
                    consume.add(us(published, scheduled));
                    wait.add(us(scheduled, claimed));
                    send.add(us(claimed, mail));
                    notification.add(us(published, mail));
                }
            }
        }
        long seconds = runFor.toSeconds();
        Map<String, Measurement> parts = new LinkedHashMap<>();
        parts.put("booking: outbox row written → published (relay: after-commit nudge, Kafka send, acks=all)",
                Measurement.ofSamples("relay", 0, longs(commitToPublished), seconds, 0));
        parts.put("booking: 201 answered → outbox row published", Measurement.ofSamples("relay201", 0, longs(relay), seconds, 0));
        parts.put("notification, all of it: published → e-mail accepted", Measurement.ofSamples("notification", 0, longs(notification), seconds, 0));
        parts.put("notification: published → message row written (Kafka fetch, consumer, event handler)",
                Measurement.ofSamples("consume", 0, longs(consume), seconds, 0));
        parts.put("notification: message row written → claimed (0 for a message the consumer's transaction claimed and handed off; one left in the table waits for a sender's claim, nudged at the commit, or the poll every clinic.delivery.poll-interval, 1 s)",
                Measurement.ofSamples("wait", 0, longs(wait), seconds, 0));
        parts.put("notification: claimed → e-mail accepted (a hand-off's wait for one of the clinic.delivery.send-concurrency senders; SMTP, outcome)",
                Measurement.ofSamples("send", 0, longs(send), seconds, 0));
        return parts;
    }

    private static long us(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1000;
    }

    static long[] longs(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }
}
