package hk.clinic.allinone;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hk.clinic.allinone.support.Clinic;
import hk.clinic.allinone.support.Clinic.Person;
import hk.clinic.allinone.support.Clinic.Registered;
import hk.clinic.allinone.support.KafkaTopics;
import hk.clinic.allinone.support.RunningPlatform;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records no booking-service would write, produced straight to booking.registrations: each lands on
 * booking.registrations.dlq with SmallRye's dead-letter headers, and the partitions they sat on keep moving
 * (registrations made after them are confirmed, a later event with the same key is applied).
 */
@ExtendWith(RunningPlatform.class)
class PoisonRecordTest {

    private static final String TOPIC = "booking.registrations";
    private static final String DLQ = "booking.registrations.dlq";
    private static final String TREATMENT = "acne-treatment-trial";
    private static final Path EXAMPLE = Path.of("../../booking-service/src/main/contract/examples/01-registration-submitted.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Platform platform = RunningPlatform.platform();
    private final Clinic clinic = new Clinic(platform);
    private final KafkaTopics kafka = new KafkaTopics(platform.infra().kafka().bootstrapServers());

    private record Poison(String what, String key, Integer partition, byte[] value) {
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndThePartitionsKeepMoving() throws Exception {
        Registered first = clinic.register(Person.next("en"), TREATMENT, "causeway-bay", clinic.openSlot(TREATMENT, "causeway-bay", 5));
        await().atMost(Duration.ofSeconds(60)).until(() -> sent(first.id(), "CONFIRMATION") == 2);
        Map<TopicPartition, Long> dlqBefore = kafka.endOffsets(DLQ);
        Map<TopicPartition, Long> topicBefore = kafka.endOffsets(TOPIC);

        // Three kinds on the first registration's key (so on its partition), and garbage at the head of every partition.
        ObjectNode unknownType = (ObjectNode) JSON.readTree(Files.readString(EXAMPLE));
        unknownType.put("id", UUID.randomUUID().toString()).put("type", "clinic.booking.registration.teleported.v1")
                .put("subject", first.id());
        ((ObjectNode) unknownType.get("data")).put("registrationId", first.id());
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0x00, 0x13, (byte) 0xc3, 0x28, '{', '"', (byte) 0x80, 0x7f};
        List<Poison> poisons = new ArrayList<>(List.of(
                new Poison("garbage bytes", first.id(), null, garbage),
                new Poison("JSON of the wrong shape", first.id(), null,
                        "{\"registrationId\":\"nope\",\"items\":[1,2,3],\"specversion\":2}".getBytes(StandardCharsets.UTF_8)),
                new Poison("unknown event type", first.id(), null, JSON.writeValueAsBytes(unknownType))));
        int partitions = kafka.partitions(TOPIC);
        for (int p = 0; p < partitions; p++) {
            poisons.add(new Poison("garbage on partition " + p, "poison-" + UUID.randomUUID(), p, garbage));
        }
        Map<Poison, RecordMetadata> produced = new LinkedHashMap<>();
        for (Poison poison : poisons) {
            produced.put(poison, kafka.produce(TOPIC, poison.partition(), poison.key(), poison.value(),
                    Map.of("content-type", "application/cloudevents+json; charset=UTF-8")));
        }

        // Behind them: a new registration through the API, and a reschedule of the first (same key, same partition).
        Person second = Person.next("zh-HK");
        Registered after = clinic.register(second, TREATMENT, "mong-kok", clinic.openSlot(TREATMENT, "mong-kok", 5));
        Clinic.Slot moveTo = clinic.openSlot(TREATMENT, "causeway-bay", 9);
        given().header("X-Manage-Token", first.manageToken()).contentType(ContentType.JSON)
                .body(Map.of("preferredDate", moveTo.date().toString(), "preferredTime", moveTo.time()))
                .patch(clinic.booking + "/api/v1/registrations/" + first.id()).then().statusCode(200);
        await().atMost(Duration.ofSeconds(90)).until(() -> sent(after.id(), "CONFIRMATION") == 2);
        await().atMost(Duration.ofSeconds(90)).until(() -> sent(first.id(), "RESCHEDULE_NOTICE") == 1);

        List<ConsumerRecord<String, byte[]>> deadLetters = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            deadLetters.clear();
            deadLetters.addAll(kafka.readFrom(DLQ, dlqBefore));
            return deadLetters.size() >= poisons.size();
        });
        assertEquals(poisons.size(), deadLetters.size(), "exactly the poison records, once each");
        List<String> reasons = new ArrayList<>();
        for (Map.Entry<Poison, RecordMetadata> e : produced.entrySet()) {
            Poison poison = e.getKey();
            RecordMetadata original = e.getValue();
            ConsumerRecord<String, byte[]> dead = deadLetters.stream().filter(d -> poison.key().equals(d.key())
                    && String.valueOf(original.offset()).equals(KafkaTopics.header(d, "dead-letter-offset"))).findFirst()
                    .orElseThrow(() -> new AssertionError(poison.what() + " not on " + DLQ + ": " + describe(deadLetters)));
            assertEquals(TOPIC, KafkaTopics.header(dead, "dead-letter-topic"), poison.what());
            assertEquals(String.valueOf(original.partition()), KafkaTopics.header(dead, "dead-letter-partition"), poison.what());
            String reason = KafkaTopics.header(dead, "dead-letter-reason");
            assertNotNull(reason, poison.what() + ": " + describe(List.of(dead)));
            reasons.add(poison.what() + ": " + reason);
            // The connector reads values as text: bytes that are not UTF-8 reach the DLQ as their decoded text.
            assertArrayEquals(new String(poison.value(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), dead.value(), poison.what());
        }

        // The reschedule sits behind the poison records on their partition and was applied: the partition is not stuck.
        int partitionOfFirst = produced.values().iterator().next().partition();
        long lastPoisonOffset = produced.entrySet().stream().filter(e -> first.id().equals(e.getKey().key()))
                .mapToLong(e -> e.getValue().offset()).max().orElseThrow();
        List<ConsumerRecord<String, byte[]>> behind = kafka.readFrom(TOPIC, topicBefore).stream()
                .filter(r -> r.partition() == partitionOfFirst && r.offset() > lastPoisonOffset && first.id().equals(r.key())).toList();
        assertEquals(1, behind.size(), "the reschedule event behind the poison records");
        assertEquals("clinic.booking.registration.rescheduled.v1", JSON.readTree(behind.get(0).value()).path("type").asText());
        assertEquals(2, sent(first.id(), "CONFIRMATION"), "the first registration's confirmations not sent again");

        System.out.printf("PoisonRecordTest: %d poison records in (%s), %d on %s with dead-letter-reason, 0 lost in between: "
                        + "1 registration after them confirmed, 1 later event on the same key applied; reasons: %s%n",
                poisons.size(), String.join(", ", poisons.stream().map(Poison::what).toList()), deadLetters.size(), DLQ, reasons);
    }

    /** Messages of this type that notification-service has sent for the registration (by its staff timeline). */
    private long sent(String registrationId, String type) {
        return clinic.timeline(registrationId).stream().filter(n -> type.equals(n.get("type")) && "SENT".equals(n.get("status"))).count();
    }

    private static String describe(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> r.key() + " " + Arrays.toString(r.headers().toArray())).toList().toString();
    }
}
