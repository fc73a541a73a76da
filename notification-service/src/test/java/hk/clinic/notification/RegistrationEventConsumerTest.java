package hk.clinic.notification;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class RegistrationEventConsumerTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    EntityManager em;

    @Test
    void anEventFromTheRealBrokerIsRecordedOnceEvenWhenDeliveredTwice() throws Exception {
        String eventId = UUID.randomUUID().toString();
        String registrationId = UUID.randomUUID().toString();
        String event = """
                {"specversion":"1.0","id":"%s","source":"booking-service","type":"clinic.booking.registration.submitted.v1",
                 "subject":"%s","time":"2026-11-26T09:00:00Z","datacontenttype":"application/json","data":{}}"""
                .formatted(eventId, registrationId);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("booking.registrations", registrationId, event)).get();
            producer.send(new ProducerRecord<>("booking.registrations", registrationId, event)).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count(eventId) == 1);
        // The second delivery is behind the first on the same partition; once a later event is in, it was skipped.
        String marker = UUID.randomUUID().toString();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("booking.registrations", registrationId, event.replace(eventId, marker))).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count(marker) == 1);
        assertEquals(1, count(eventId));
    }

    private long count(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM processed_event WHERE event_id = ?1")
                .setParameter(1, eventId).getSingleResult()).longValue());
    }
}
