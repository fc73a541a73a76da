package hk.clinic.notification;

import com.fasterxml.jackson.databind.node.ObjectNode;
import hk.clinic.notification.domain.Channel;
import hk.clinic.notification.domain.Notification;
import hk.clinic.notification.domain.NotificationStatus;
import hk.clinic.notification.domain.NotificationType;
import hk.clinic.notification.domain.RegistrationContact;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Booking's example events through the real broker, and what each does to the person's messages. */
@QuarkusTest
class RegistrationEventConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    TestSupport support;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeEach
    void daytime() {
        support.daytime();
    }

    private ZonedDateTime inThreeDaysAt(int hour, int minute) {
        return support.nowInHongKong().toLocalDate().plusDays(3).atTime(hour, minute).atZone(TestSupport.HK);
    }

    @Test
    void submittedSendsTheConfirmationInTheirLanguageAndSchedulesTheReminder24HoursBefore() {
        UUID registration = UUID.randomUUID();
        TestSupport.Person person = support.person("zh-HK");
        ZonedDateTime startsAt = inThreeDaysAt(14, 30);
        ObjectNode submitted = support.withAppointment(
                support.example("01-registration-submitted.json", registration, person), "appointment", startsAt);
        support.publish(registration, submitted);

        await().atMost(WAIT).until(() -> support.mailTo(person.email()).size() == 1);
        Map<String, Object> mail = support.mailTo(person.email()).get(0);
        assertTrue(((String) mail.get("subject")).startsWith("預約已確認"), "zh-HK subject: " + mail.get("subject"));
        String text = (String) mail.get("text");
        assertTrue(text.contains("暗瘡治療（免費體驗）") && text.contains("銅鑼灣") && text.contains("14:30"), text);
        assertTrue(text.contains("https://www.clinic.hk/registrations/" + registration), "manage link: " + text);
        assertTrue(((String) mail.get("html")).contains("lang=\"zh-HK\""), "html part in zh-HK");

        await().atMost(WAIT).until(() -> support.whatsAppRequestsTo(person).size() == 1);
        assertTrue(support.whatsAppRequestsTo(person).get(0).getBodyAsString().contains("預約已確認"));

        Notification reminder = support.notification(registration, NotificationType.REMINDER, Channel.WHATSAPP).orElseThrow();
        assertEquals(startsAt.minusHours(24).toInstant(), reminder.dueAt, "24 h before the slot, Hong Kong time");
        assertEquals(NotificationStatus.SCHEDULED, reminder.status);

        support.advanceTo(reminder.dueAt.plusSeconds(1));
        await().atMost(WAIT).until(() -> support.reload(reminder.id).status == NotificationStatus.SENT);
        assertEquals(2, support.whatsAppRequestsTo(person).size());
        assertTrue(support.whatsAppRequestsTo(person).get(1).getBodyAsString().contains("提提你"));
    }

    @Test
    void anAppointmentLessThanADayAwayGetsTheConfirmationButNoSeparateReminder() {
        UUID registration = UUID.randomUUID();
        TestSupport.Person person = support.person("en");
        ZonedDateTime startsAt = support.nowInHongKong().plusHours(20).withSecond(0).withNano(0);
        support.publish(registration, support.withAppointment(
                support.example("01-registration-submitted.json", registration, person), "appointment", startsAt));

        await().atMost(WAIT).until(() -> support.whatsAppRequestsTo(person).size() == 1);
        await().atMost(WAIT).until(() -> support.mailTo(person.email()).size() == 1);
        assertTrue(support.notification(registration, NotificationType.REMINDER, Channel.WHATSAPP).isEmpty(),
                "no reminder due in the past, sent right after the confirmation");
    }

    @Test
    void anEnglishSpeakerGetsTheConfirmationInEnglish() {
        UUID registration = UUID.randomUUID();
        TestSupport.Person person = support.person("en");
        support.publish(registration, support.withAppointment(
                support.example("01-registration-submitted.json", registration, person), "appointment", inThreeDaysAt(11, 0)));
        await().atMost(WAIT).until(() -> support.mailTo(person.email()).size() == 1);
        Map<String, Object> mail = support.mailTo(person.email()).get(0);
        assertEquals("Your appointment is booked: Acne Treatment (free trial)", mail.get("subject"));
        assertTrue(((String) mail.get("text")).contains("10/F, 500 Hennessy Road"));
        assertTrue(((String) mail.get("html")).contains("<p>"), "an HTML part as well");
    }

    @Test
    void aDuplicateEventCreatesNothing() {
        UUID registration = UUID.randomUUID();
        TestSupport.Person person = support.person("en");
        ObjectNode submitted = support.withAppointment(
                support.example("01-registration-submitted.json", registration, person), "appointment", inThreeDaysAt(15, 0));
        support.publish(registration, submitted);
        support.publish(registration, submitted);
        // The duplicate is behind the first on the partition; once a later event is in, it has been skipped.
        ObjectNode marker = support.example("05-registration-no-show.json", registration, person);
        support.withAppointment(marker, "appointment", inThreeDaysAt(15, 0));
        support.publish(registration, marker);
        await().atMost(WAIT).until(() -> support.processed(marker.get("id").asText()) == 1);

        assertEquals(1, support.processed(submitted.get("id").asText()));
        List<Notification> all = support.notificationsOf(registration);
        assertEquals(1, all.stream().filter(n -> n.type == NotificationType.CONFIRMATION && n.channel == Channel.EMAIL).count());
        assertEquals(1, all.stream().filter(n -> n.type == NotificationType.CONFIRMATION && n.channel == Channel.WHATSAPP).count());
        assertEquals(1, all.stream().filter(n -> n.type == NotificationType.REMINDER).count());
        await().atMost(WAIT).until(() -> support.mailTo(person.email()).size() == 1);
    }

    @Test
    void aPoisonEventGoesToTheDeadLetterTopicAndTheNextEventIsStillApplied() {
        UUID registration = UUID.randomUUID();
        String poison = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"not json";
        String unknown = support.example("01-registration-submitted.json", registration, support.person("en"))
                .put("type", "clinic.booking.registration.teleported.v1").toString();
        support.publishRaw("booking.registrations", registration.toString(), poison);
        support.publishRaw("booking.registrations", registration.toString(), unknown);
        TestSupport.Person person = support.person("en");
        ObjectNode good = support.withAppointment(
                support.example("01-registration-submitted.json", registration, person), "appointment", inThreeDaysAt(16, 0));
        support.publish(registration, good);

        await().atMost(WAIT).until(() -> support.processed(good.get("id").asText()) == 1);
        List<String> deadLetters = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers,
                "group.id", "dlq-reader-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("booking.registrations.dlq"));
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (registration.toString().equals(r.key())) {
                        deadLetters.add(r.value());
                    }
                }
                return deadLetters.size() >= 2;
            });
        }
        assertTrue(deadLetters.contains(poison));
        assertTrue(deadLetters.contains(unknown));
        assertTrue(support.notification(registration, NotificationType.CONFIRMATION, Channel.EMAIL).isPresent());
    }

    @Test
    void rescheduledSendsANoticeAndMovesThePendingReminder() {
        UUID registration = UUID.randomUUID();
        TestSupport.Person person = support.person("en");
        ZonedDateTime first = inThreeDaysAt(14, 30);
        ZonedDateTime second = first.plusDays(2).withHour(11).withMinute(0);
        support.publish(registration, support.withAppointment(
                support.example("01-registration-submitted.json", registration, person), "appointment", first));
        ObjectNode rescheduled = support.example("02-registration-rescheduled.json", registration, person);
        support.withAppointment(rescheduled, "appointment", second);
        support.withAppointment(rescheduled, "previousAppointment", first);
        support.publish(registration, rescheduled);
        await().atMost(WAIT).until(() -> support.processed(rescheduled.get("id").asText()) == 1);

        List<Notification> reminders = support.notificationsOf(registration).stream()
                .filter(n -> n.type == NotificationType.REMINDER).toList();
        assertEquals(1, reminders.size(), "the reminder is moved, not duplicated");
        assertEquals(second.minusHours(24).toInstant(), reminders.get(0).dueAt);
        assertEquals(NotificationStatus.SCHEDULED, reminders.get(0).status);
        assertTrue(reminders.get(0).bodyText.contains("11:00"));

        Notification notice = support.notification(registration, NotificationType.RESCHEDULE_NOTICE, Channel.WHATSAPP).orElseThrow();
        await().atMost(WAIT).until(() -> support.reload(notice.id).status == NotificationStatus.SENT);
        assertTrue(support.whatsAppRequestsTo(person).stream()
                .anyMatch(r -> r.getBodyAsString().contains("Your appointment has moved")));
    }

    @Test
    void movingBackToASlotThatWasAlreadyRemindedStillAppliesTheEvent() {
        UUID registration = UUID.randomUUID();
        TestSupport.Person person = support.person("en");
        ZonedDateTime first = support.nowInHongKong().plusHours(25).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        ZonedDateTime second = first.plusDays(2);
        support.publish(registration, support.withAppointment(
                support.example("01-registration-submitted.json", registration, person), "appointment", first));
        await().atMost(WAIT).until(() -> support.notification(registration, NotificationType.REMINDER, Channel.WHATSAPP).isPresent());
        Notification reminded = support.notification(registration, NotificationType.REMINDER, Channel.WHATSAPP).orElseThrow();
        support.advanceTo(reminded.dueAt.plusSeconds(1));
        await().atMost(WAIT).until(() -> support.reload(reminded.id).status == NotificationStatus.SENT);

        ObjectNode away = support.example("02-registration-rescheduled.json", registration, person);
        support.withAppointment(support.withAppointment(away, "appointment", second), "previousAppointment", first);
        ObjectNode back = support.example("02-registration-rescheduled.json", registration, person);
        support.withAppointment(support.withAppointment(back, "appointment", first), "previousAppointment", second);
        support.publish(registration, away);
        support.publish(registration, back);
        await().atMost(WAIT).until(() -> support.processed(back.get("id").asText()) == 1);

        List<Notification> reminders = support.notificationsOf(registration).stream()
                .filter(n -> n.type == NotificationType.REMINDER).toList();
        assertEquals(2, reminders.size(), "the one sent for the first slot, and the moved one");
        Notification moved = reminders.stream().filter(n -> !n.id.equals(reminded.id)).findFirst().orElseThrow();
        // Back on a slot less than a day away (and already reminded): no second reminder goes out at once.
        assertEquals(NotificationStatus.CANCELLED, support.reload(moved.id).status);
        assertEquals(NotificationStatus.SENT, support.reload(reminded.id).status);
    }

    @Test
    void cancelledCancelsThePendingReminderAndSendsANotice() {
        UUID registration = UUID.randomUUID();
        TestSupport.Person person = support.person("zh-HK");
        ZonedDateTime startsAt = inThreeDaysAt(14, 30);
        support.publish(registration, support.withAppointment(
                support.example("01-registration-submitted.json", registration, person), "appointment", startsAt));
        ObjectNode cancelled = support.withAppointment(
                support.example("03-registration-cancelled.json", registration, person), "appointment", startsAt);
        support.publish(registration, cancelled);
        await().atMost(WAIT).until(() -> support.processed(cancelled.get("id").asText()) == 1);

        Notification reminder = support.notification(registration, NotificationType.REMINDER, Channel.WHATSAPP).orElseThrow();
        assertEquals(NotificationStatus.CANCELLED, reminder.status);
        Notification notice = support.notification(registration, NotificationType.CANCELLATION_NOTICE, Channel.WHATSAPP).orElseThrow();
        await().atMost(WAIT).until(() -> support.reload(notice.id).status == NotificationStatus.SENT);
        assertTrue(support.whatsAppRequestsTo(person).stream().anyMatch(r -> r.getBodyAsString().contains("預約已取消")));

        support.advanceTo(startsAt.minusHours(24).plusSeconds(1).toInstant());
        support.advance(Duration.ofSeconds(2));
        await().atMost(WAIT).until(() -> support.reload(reminder.id).status == NotificationStatus.CANCELLED);
        assertFalse(support.whatsAppRequestsTo(person).stream().anyMatch(r -> r.getBodyAsString().contains("提提你")));
    }

    @Test
    void aNoShowWithoutMarketingConsentGetsNoOffer() {
        UUID registration = UUID.randomUUID();
        TestSupport.Person person = support.person("en", false);
        ZonedDateTime startsAt = inThreeDaysAt(14, 30);
        support.publish(registration, support.withAppointment(
                support.example("01-registration-submitted.json", registration, person), "appointment", startsAt));
        ObjectNode noShow = support.withAppointment(
                support.example("05-registration-no-show.json", registration, person), "appointment", startsAt);
        support.publish(registration, noShow);
        await().atMost(WAIT).until(() -> support.processed(noShow.get("id").asText()) == 1);
        assertTrue(support.notificationsOf(registration).stream().noneMatch(n -> n.type == NotificationType.REBOOK_OFFER));
        assertEquals(NotificationStatus.CANCELLED,
                support.notification(registration, NotificationType.REMINDER, Channel.WHATSAPP).orElseThrow().status);
    }

    @Test
    void aNoShowWithConsentGetsARebookOfferWhoseUnsubscribeLinkWorks() {
        UUID registration = UUID.randomUUID();
        TestSupport.Person person = support.person("en", true);
        ZonedDateTime startsAt = inThreeDaysAt(14, 30);
        ObjectNode noShow = support.withAppointment(
                support.example("05-registration-no-show.json", registration, person), "appointment", startsAt);
        support.publish(registration, noShow);
        await().atMost(WAIT).until(() -> support.processed(noShow.get("id").asText()) == 1);

        Notification offer = support.notification(registration, NotificationType.REBOOK_OFFER, Channel.WHATSAPP).orElseThrow();
        assertTrue(offer.promotional);
        await().atMost(WAIT).until(() -> support.reload(offer.id).status == NotificationStatus.SENT);
        String sent = support.whatsAppRequestsTo(person).get(0).getBodyAsString();
        String link = sent.substring(sent.indexOf("http://localhost:8083/api/v1/opt-outs?token="));
        String token = link.substring(link.indexOf("token=") + 6).split("[\"\\\\\\s]")[0];

        given().queryParam("token", token).queryParam("locale", "fr").when().get("/api/v1/opt-outs")
                .then().statusCode(400).body("type", equalTo("https://api.clinic.hk/problems/unsupported-locale"));
        given().queryParam("token", token).header("Accept-Language", "zh-TW,en;q=0.5").when().get("/api/v1/opt-outs")
                .then().statusCode(200).header("Content-Language", "zh-HK").body("optedOut", equalTo(true));
        RegistrationContact contact = QuarkusTransaction.requiringNew().call(() -> RegistrationContact.findById(registration));
        assertFalse(contact.marketingOptIn);
        given().queryParam("token", token.substring(0, token.length() - 2) + "xx").when().get("/api/v1/opt-outs")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://api.clinic.hk/problems/invalid-token"));

        given().queryParam("token", token).when().post("/api/v1/opt-outs").then().statusCode(200);

        // A later no-show of the same person (a new registration, booking still says yes) brings no offer any more.
        UUID next = UUID.randomUUID();
        ObjectNode again = support.withAppointment(
                support.example("05-registration-no-show.json", next, person), "appointment", startsAt);
        support.publish(next, again);
        await().atMost(WAIT).until(() -> support.processed(again.get("id").asText()) == 1);
        assertTrue(support.notificationsOf(next).stream().noneMatch(n -> n.type == NotificationType.REBOOK_OFFER));
    }

    @Test
    void erasedForgetsTheContactAndTheMessageTexts() {
        UUID registration = UUID.randomUUID();
        TestSupport.Person person = support.person("en");
        support.publish(registration, support.withAppointment(
                support.example("01-registration-submitted.json", registration, person), "appointment", inThreeDaysAt(14, 30)));
        ObjectNode erased = support.example("06-registration-erased.json", registration, null);
        support.publish(registration, erased);
        await().atMost(WAIT).until(() -> support.processed(erased.get("id").asText()) == 1);

        assertNull(QuarkusTransaction.requiringNew().call(() -> RegistrationContact.findById(registration)));
        List<Notification> all = support.notificationsOf(registration);
        assertFalse(all.isEmpty(), "the timeline stays, without personal data");
        for (Notification n : all) {
            assertNull(n.recipient);
            assertNull(n.bodyText);
            assertNull(n.bodyHtml);
            assertNull(n.subject);
            assertTrue(n.status != NotificationStatus.SCHEDULED, "nothing left to send");
        }
    }
}
