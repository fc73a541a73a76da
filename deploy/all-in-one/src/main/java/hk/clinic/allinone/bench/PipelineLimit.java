package hk.clinic.allinone.bench;

import hk.clinic.allinone.Platform;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The event pipeline's limit at the same arrival rate: per sample one INSERT + commit on the same PostgreSQL,
 * then a produce on the same broker with booking's producer settings (acks=all, idempotent, linger.ms=0) to a
 * bench topic with the same 3 partitions, timed until a consumer in this JVM polls it.
 */
final class PipelineLimit {

    static final String TOPIC = "bench.pipeline-limit";

    record Result(Measurement total, Measurement commit, Measurement kafka) {
    }

    private final Platform platform;
    private final int rate;
    private final Duration warmUp;
    private final Duration runFor;
    private final String payload;

    PipelineLimit(Platform platform, int rate, Duration warmUp, Duration runFor, String payload) {
        this.platform = platform;
        this.rate = rate;
        this.warmUp = warmUp;
        this.runFor = runFor;
        this.payload = payload.replace('\n', ' ');
    }

    Result run() throws Exception {
        platform.infra().kafka().createTopics(List.of(TOPIC), 3);
        try (Connection ddl = platform.infra().postgres().adminConnection(); Statement st = ddl.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS bench");
            st.execute("CREATE TABLE IF NOT EXISTS bench.pipeline_commit (id uuid PRIMARY KEY, payload json NOT NULL, "
                    + "created_at timestamptz NOT NULL DEFAULT now())");
        }
        String bootstrap = platform.infra().kafka().bootstrapServers();
        int warm = (int) (warmUp.toSeconds() * rate);
        int total = warm + (int) (runFor.toSeconds() * rate);
        long[] started = new long[total];
        long[] committed = new long[total];
        long[] consumed = new long[total];
        AtomicBoolean polling = new AtomicBoolean(true);
        CountDownLatch allConsumed = new CountDownLatch(total);

        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end offsets now, not after the first sends
        Thread poller = new Thread(() -> {
            try (consumer) {
                while (polling.get()) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        long now = System.nanoTime();
                        int k = Integer.parseInt(r.value().substring(0, r.value().indexOf(' ')));
                        consumed[k] = now;
                        allConsumed.countDown();
                    }
                }
            }
        }, "bench-limit-consumer");
        poller.start();

        List<Connection> connections = new ArrayList<>();
        ThreadLocal<PreparedStatement> insert = ThreadLocal.withInitial(() -> {
            try {
                Connection c = platform.infra().postgres().adminConnection();
                synchronized (connections) {
                    connections.add(c);
                }
                return c.prepareStatement("INSERT INTO bench.pipeline_commit (id, payload) VALUES (?, CAST(? AS json))");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        ExecutorService workers = Executors.newFixedThreadPool(4);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "0",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.partitionsFor(TOPIC); // metadata fetched before the clock starts
            ticker.scheduleAtFixedRate(() -> {
                int k = next.getAndIncrement();
                if (k >= total) {
                    return;
                }
                workers.execute(() -> {
                    UUID id = UUID.randomUUID();
                    started[k] = System.nanoTime();
                    try {
                        PreparedStatement st = insert.get();
                        st.setObject(1, id);
                        st.setString(2, payload);
                        st.executeUpdate(); // autocommit: one round trip with its commit
                        committed[k] = System.nanoTime();
                        producer.send(new ProducerRecord<>(TOPIC, id.toString(), k + " " + payload), (meta, e) -> {
                            if (e != null) {
                                failures.incrementAndGet();
                            }
                        });
                    } catch (SQLException e) {
                        failures.incrementAndGet();
                        allConsumed.countDown();
                    }
                });
            }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
            allConsumed.await(total / rate + 60, TimeUnit.SECONDS);
        } finally {
            ticker.shutdownNow();
            workers.shutdown();
            workers.awaitTermination(10, TimeUnit.SECONDS);
            polling.set(false);
            poller.join(5_000);
            for (Connection c : connections) {
                c.close();
            }
        }
        List<Long> totals = new ArrayList<>();
        List<Long> commits = new ArrayList<>();
        List<Long> kafka = new ArrayList<>();
        long lost = 0;
        for (int k = warm; k < total; k++) {
            if (consumed[k] == 0 || committed[k] == 0) {
                lost++;
                continue;
            }
            totals.add((consumed[k] - started[k]) / 1000);
            commits.add((committed[k] - started[k]) / 1000);
            kafka.add((consumed[k] - committed[k]) / 1000);
        }
        long errors = lost + failures.get();
        long seconds = runFor.toSeconds();
        return new Result(Measurement.ofSamples("limit", 0, EventPipeline.longs(totals), seconds, errors),
                Measurement.ofSamples("commit", 0, EventPipeline.longs(commits), seconds, 0),
                Measurement.ofSamples("kafka", 0, EventPipeline.longs(kafka), seconds, errors));
    }
}
