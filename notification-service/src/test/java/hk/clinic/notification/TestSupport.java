package hk.clinic.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import hk.clinic.notification.config.AdjustableClock;
import hk.clinic.notification.domain.Channel;
import hk.clinic.notification.domain.Notification;
import hk.clinic.notification.domain.NotificationType;
import hk.clinic.notification.repository.NotificationRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.RestAssured;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * What the tests share: booking's contract examples (as they are, with ids, people and times rewritten),
 * the real broker, the mail box, the provider stub and the service's clock.
 */
@ApplicationScoped
public class TestSupport {

    public static final ZoneId HK = ZoneId.of("Asia/Hong_Kong");
    public static final String WHATSAPP_PATH = "/v[0-9.]+/[^/]+/messages";
    public static final String SMS_PATH = "/2010-04-01/Accounts/[^/]+/Messages.json";

    @Inject
    ObjectMapper mapper;

    @Inject
    AdjustableClock clock;

    @Inject
    NotificationRepository notifications;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "infra.provider-stub-url")
    String providerStubUrl;

    @ConfigProperty(name = "infra.mail-api-url")
    String mailApiUrl;

    /** A person with their own phone and email, so that tests never see each other's messages. */
    public record Person(String phone, String email, String language, boolean marketingOptIn) {
        public String whatsAppId() {
            return phone.substring(1);
        }
    }

    public Person person(String language) {
        return person(language, false);
    }

    public Person person(String language, boolean marketingOptIn) {
        String digits = String.valueOf(10_000_000 + ThreadLocalRandom.current().nextInt(90_000_000));
        return new Person("+8529" + digits.substring(1), "p" + UUID.randomUUID().toString().substring(0, 12) + "@example.com",
                language, marketingOptIn);
    }

    /** One of booking's six example events, for another registration and person, with a fresh event id. */
    public ObjectNode example(String file, UUID registrationId, Person person) {
        ObjectNode event;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("contract-examples/" + file)) {
            if (in == null) {
                throw new IllegalStateException("No contract example " + file);
            }
            event = (ObjectNode) mapper.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        event.put("id", UUID.randomUUID().toString());
        event.put("subject", registrationId.toString());
        event.put("time", clock.instant().toString());
        ObjectNode data = (ObjectNode) event.get("data");
        data.put("registrationId", registrationId.toString());
        if (data.has("manageUrl")) {
            data.put("manageUrl", "https://www.clinic.hk/registrations/" + registrationId);
        }
        if (data.has("contact") && person != null) {
            ObjectNode contact = (ObjectNode) data.get("contact");
            contact.put("phone", person.phone());
            contact.put("email", person.email());
            contact.put("language", person.language());
            contact.put("marketingOptIn", person.marketingOptIn());
        }
        return event;
    }

    public ObjectNode withAppointment(ObjectNode event, String field, ZonedDateTime startsAt) {
        ObjectNode appointment = ((ObjectNode) event.get("data")).putObject(field);
        ZonedDateTime start = startsAt.withZoneSameInstant(HK);
        appointment.put("date", start.toLocalDate().toString());
        appointment.put("time", start.toLocalTime().toString());
        appointment.put("startsAt", start.toOffsetDateTime().toString());
        appointment.put("endsAt", start.plusMinutes(60).toOffsetDateTime().toString());
        return event;
    }

    /** Contract example 01 (registration submitted) for this person, with the appointment three days ahead at 14:30. */
    public ObjectNode submitted(UUID registrationId, Person person) {
        ZonedDateTime startsAt = nowInHongKong().toLocalDate().plusDays(3).atTime(14, 30).atZone(HK);
        return withAppointment(example("01-registration-submitted.json", registrationId, person), "appointment", startsAt);
    }

    /** The trace an event was published in: its id, and the span id of booking's producer span in it. */
    public record PublishedTrace(String traceId, String producerSpan) {
    }

    /**
     * Publishes a registration-submitted event (see {@link #submitted}) in a new trace, as booking's relay does:
     * with the traceparent header of a producer span of its own.
     */
    public PublishedTrace publishSubmittedInNewTrace(UUID registrationId, Person person) {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        PublishedTrace trace = new PublishedTrace(traceId, UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        publish(registrationId, submitted(registrationId, person), "00-" + trace.traceId() + "-" + trace.producerSpan() + "-01");
        return trace;
    }

    public ObjectNode withTreatedAt(ObjectNode event, ZonedDateTime treatedAt) {
        ((ObjectNode) event.get("data")).put("treatedAt", treatedAt.withZoneSameInstant(HK).toOffsetDateTime().toString());
        return event;
    }

    public void publish(UUID key, JsonNode event) {
        publishRaw("booking.registrations", key.toString(), event.toString());
    }

    /** As booking's relay publishes a traced event: with the W3C traceparent header of its producer span. */
    public void publish(UUID key, JsonNode event, String traceParent) {
        publishRaw("booking.registrations", key.toString(), event.toString(), Map.of("traceparent", traceParent));
    }

    /**
     * Publishes as booking's outbox relay does: structured-mode CloudEvents, announced by their content-type
     * header (which SmallRye would otherwise turn into a JsonObject payload).
     */
    public void publishRaw(String topic, String key, String value) {
        publishRaw(topic, key, value, Map.of());
    }

    private void publishRaw(String topic, String key, String value, Map<String, String> headers) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers),
                new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
            record.headers().add("content-type", "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8));
            headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish to " + topic, e);
        }
    }

    public long processed(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) notifications.getEntityManager().createNativeQuery(
                "SELECT count(*) FROM processed_event WHERE event_id = ?1").setParameter(1, eventId).getSingleResult()).longValue());
    }

    public List<Notification> notificationsOf(UUID registrationId) {
        return QuarkusTransaction.requiringNew().call(() -> notifications.list("registrationId", registrationId));
    }

    public Optional<Notification> notification(UUID registrationId, NotificationType type, Channel channel) {
        return notificationsOf(registrationId).stream()
                .filter(n -> n.type == type && n.channel == channel).findFirst();
    }

    /** The registration's messages in one line each (step, channel, status, attempts, claim, error): for failures. */
    public String describeMessages(UUID registrationId) {
        return notificationsOf(registrationId).stream()
                .map(n -> n.step + " " + n.channel + " " + n.status + " attempts " + n.attempts + " claimed " + n.claimedAt
                        + " " + n.lastError)
                .toList().toString();
    }

    public Notification reload(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> notifications.findById(id));
    }

    // --- time

    public Instant now() {
        return clock.instant();
    }

    public ZonedDateTime nowInHongKong() {
        return clock.instant().atZone(HK);
    }

    /** Tests that do not test quiet hours start in the clinic's daytime, whatever the real time is. */
    public void daytime() {
        ZonedDateTime now = nowInHongKong();
        LocalTime t = now.toLocalTime();
        if (t.isBefore(LocalTime.of(9, 30)) || !t.isBefore(LocalTime.of(19, 0))) {
            ZonedDateTime next = now.toLocalDate().atTime(10, 0).atZone(HK);
            clock.advanceTo((next.isAfter(now) ? next : next.plusDays(1)).toInstant());
        }
    }

    public void advanceTo(Instant instant) {
        clock.advanceTo(instant);
    }

    public void advance(Duration duration) {
        clock.advance(duration);
    }

    // --- providers

    public WireMock wireMock() {
        URI uri = URI.create(providerStubUrl);
        return new WireMock(uri.getHost(), uri.getPort());
    }

    public List<LoggedRequest> whatsAppRequestsTo(Person person) {
        return wireMock().find(postRequestedFor(urlPathMatching(WHATSAPP_PATH))
                .withRequestBody(matchingJsonPath("$.to", equalTo(person.whatsAppId()))));
    }

    public List<LoggedRequest> smsRequestsTo(Person person) {
        return wireMock().find(postRequestedFor(urlPathMatching(SMS_PATH)).withFormParam("To", equalTo(person.phone())));
    }

    /** Mail that reached the real SMTP server for this address: subject, text and html of each. */
    public List<Map<String, Object>> mailTo(String address) {
        return RestAssured.given().queryParam("to", address).get(mailApiUrl)
                .then().statusCode(200).extract().jsonPath().getList("$");
    }
}
