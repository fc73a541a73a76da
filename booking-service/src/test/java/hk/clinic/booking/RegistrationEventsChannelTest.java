package hk.clinic.booking;

import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import jakarta.inject.Inject;
import io.smallrye.reactive.messaging.kafka.Record;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service's configured producer reaches the real broker's booking.registrations topic, keyed. */
@QuarkusTest
class RegistrationEventsChannelTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    @Channel("registration-events")
    Emitter<Record<String, String>> emitter;

    @Test
    void aRecordSentThroughTheServiceChannelArrivesOnTheTopic() {
        String key = UUID.randomUUID().toString();
        emitter.send(Record.of(key, "{\"probe\":true}")).toCompletableFuture().join();

        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                "bootstrap.servers", bootstrapServers, "group.id", "probe-" + key, "auto.offset.reset", "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("booking.registrations"));
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.stream().noneMatch(r -> key.equals(r.key())) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
            assertTrue(seen.stream().anyMatch(r -> key.equals(r.key()) && r.value().equals("{\"probe\":true}")));
        }
    }
}
