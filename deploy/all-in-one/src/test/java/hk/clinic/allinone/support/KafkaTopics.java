package hk.clinic.allinone.support;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The broker as the tests see it from outside the services: raw records produced straight to a topic (as a
 * misbehaving producer would), a topic read from given offsets, and who in a consumer group holds which partition.
 */
public final class KafkaTopics {

    private final String bootstrapServers;

    public KafkaTopics(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Sends one record (partition null: chosen from the key, as booking's relay does) and waits for the ack. */
    public RecordMetadata produce(String topic, Integer partition, String key, byte[] value, Map<String, String> headers) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers, "acks", "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, partition, key, value);
            headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            return producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not produce to " + topic, e);
        }
    }

    public int partitions(String topic) {
        try (var consumer = consumer()) {
            return consumer.partitionsFor(topic).size();
        }
    }

    /** The next offset of each partition: what a later {@link #readFrom} starts from to see only newer records. */
    public Map<TopicPartition, Long> endOffsets(String topic) {
        try (var consumer = consumer()) {
            return consumer.endOffsets(partitionsOf(consumer, topic));
        }
    }

    /** Every record of the topic, partition by partition in offset order. */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        return readFrom(topic, Map.of());
    }

    /** Records from the given offsets (a partition not named: from its beginning) up to the current end. */
    public List<ConsumerRecord<String, byte[]>> readFrom(String topic, Map<TopicPartition, Long> from) {
        try (var consumer = consumer()) {
            List<TopicPartition> partitions = partitionsOf(consumer, topic);
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            for (TopicPartition p : partitions) {
                consumer.seek(p, from.getOrDefault(p, 0L));
            }
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " up to " + end);
                }
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            records.removeIf(r -> r.offset() >= end.get(new TopicPartition(r.topic(), r.partition())));
            return records;
        }
    }

    /** For each member of the consumer group, the partitions of {@code topic} it is assigned now. */
    public List<Set<TopicPartition>> assignments(String group, String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            List<Set<TopicPartition>> members = new ArrayList<>();
            for (MemberDescription m : admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS)
                    .get(group).members()) {
                members.add(Set.copyOf(m.assignment().topicPartitions().stream().filter(p -> p.topic().equals(topic)).toList()));
            }
            return members;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Could not describe consumer group " + group, e);
        }
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers,
                "enable.auto.commit", "false", "auto.offset.reset", "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }
}
