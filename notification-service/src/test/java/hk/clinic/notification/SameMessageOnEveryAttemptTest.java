package hk.clinic.notification;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import hk.clinic.notification.domain.Channel;
import hk.clinic.notification.domain.Notification;
import hk.clinic.notification.domain.NotificationStatus;
import hk.clinic.notification.domain.NotificationType;
import hk.clinic.notification.service.ChannelSenders;
import hk.clinic.notification.service.RenderedMessage;
import hk.clinic.notification.service.Scheduling;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A message sent twice (a sender crashed after the provider took it, or the provider answered too late) is
 * the same message to the receiving side on every attempt: one Message-ID, one Twilio idempotency token, one
 * WhatsApp callback key, all derived from the notification's id.
 */
@QuarkusTest
class SameMessageOnEveryAttemptTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    TestSupport support;

    @Inject
    Scheduling scheduling;

    @Inject
    ChannelSenders senders;

    @BeforeEach
    void daytime() {
        support.daytime();
    }

    @AfterEach
    void defaultStubs() {
        support.wireMock().resetToDefaultMappings();
    }

    @Test
    void anEmailResentAfterACrashMidSendHasTheSameMessageId() {
        TestSupport.Person person = support.person("en");
        Instant claimedAt = support.now().truncatedTo(ChronoUnit.MICROS);
        Notification crashed = QuarkusTransaction.requiringNew().call(() -> {
            Notification n = scheduling.schedule(draft(Channel.EMAIL, person.email(), claimedAt.plus(Duration.ofHours(1)))).orElseThrow();
            n.status = NotificationStatus.SENDING;
            n.attempts = 1;
            n.claimedAt = claimedAt;
            n.leaseUntil = claimedAt.plus(Duration.ofMinutes(2));
            return n;
        });
        // The crashed sender's attempt: the SMTP server took the mail, the outcome was never written.
        senders.send(crashed);

        support.advanceTo(claimedAt.plus(Duration.ofMinutes(2)).plusSeconds(1));
        await().atMost(WAIT).until(() -> support.reload(crashed.id).status == NotificationStatus.SENT);
        assertEquals(2, support.reload(crashed.id).attempts);
        List<Map<String, Object>> mails = support.mailTo(person.email());
        assertEquals(2, mails.size(), "at least once: the crashed attempt's mail and the retry");
        for (Map<String, Object> mail : mails) {
            assertEquals(ChannelSenders.messageId(crashed.id), mail.get("messageId"));
        }
    }

    @Test
    void anSmsRetriedAfterA5xxCarriesTheSameIdempotencyToken() {
        TestSupport.Person person = support.person("en");
        StubMapping down = support.wireMock().register(post(urlPathMatching(TestSupport.SMS_PATH)).atPriority(1)
                .withFormParam("To", equalTo(person.phone()))
                .willReturn(aResponse().withStatus(503)));
        Notification sms = QuarkusTransaction.requiringNew().call(() ->
                scheduling.schedule(draft(Channel.SMS, person.phone(), support.now())).orElseThrow());

        await().atMost(WAIT).until(() -> support.reload(sms.id).attempts == 1
                && support.reload(sms.id).status == NotificationStatus.SCHEDULED);
        support.wireMock().removeStubMapping(down);
        support.advanceTo(support.reload(sms.id).dueAt.plusSeconds(1));
        await().atMost(WAIT).until(() -> support.reload(sms.id).status == NotificationStatus.SENT);

        List<LoggedRequest> requests = support.smsRequestsTo(person);
        assertEquals(2, requests.size());
        for (LoggedRequest request : requests) {
            assertEquals(sms.id.toString(), request.getHeader("I-Twilio-Idempotency-Token"));
        }
    }

    @Test
    void aWhatsAppTimeoutIsRetriedWithTheSameCallbackKeyAndNoSmsFallback() {
        TestSupport.Person person = support.person("zh-HK");
        // Answers, but only after the read timeout (PT2S in tests): the provider may well have taken the message.
        StubMapping slow = support.wireMock().register(post(urlPathMatching(TestSupport.WHATSAPP_PATH)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.to", equalTo(person.whatsAppId())))
                .willReturn(aResponse().withStatus(200).withFixedDelay(4000).withHeader("Content-Type", "application/json")
                        .withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.late\"}]}")));
        Notification whatsApp = QuarkusTransaction.requiringNew().call(() ->
                scheduling.schedule(draft(Channel.WHATSAPP, person.phone(), support.now())).orElseThrow());

        await().atMost(WAIT).until(() -> support.reload(whatsApp.id).attempts == 1
                && support.reload(whatsApp.id).status == NotificationStatus.SCHEDULED);
        Notification timedOut = support.reload(whatsApp.id);
        assertTrue(timedOut.lastError.startsWith("WhatsApp unreachable"), timedOut.lastError);
        assertTrue(timedOut.dueAt.isAfter(support.now()), "retried later, with backoff");
        support.wireMock().removeStubMapping(slow);
        support.advanceTo(timedOut.dueAt.plusSeconds(1));
        await().atMost(WAIT).until(() -> support.reload(whatsApp.id).status == NotificationStatus.SENT);

        List<LoggedRequest> requests = support.whatsAppRequestsTo(person);
        assertEquals(2, requests.size(), "the timed-out attempt and the retry");
        for (LoggedRequest request : requests) {
            assertTrue(request.getBodyAsString().contains("\"biz_opaque_callback_data\":\"" + whatsApp.id + "\""),
                    request.getBodyAsString());
        }
        assertTrue(support.notificationsOf(whatsApp.registrationId).stream().noneMatch(n -> n.channel == Channel.SMS),
                "a timeout is transient: no SMS fallback");
        assertTrue(support.smsRequestsTo(person).isEmpty());
    }

    private static Scheduling.Draft draft(Channel channel, String recipient, Instant due) {
        return new Scheduling.Draft(UUID.randomUUID(), NotificationType.AFTERCARE, "resend-" + channel, channel, recipient, "en",
                new RenderedMessage("Aftercare", "Keep the area clean.", "<p>Keep the area clean.</p>"), due, null);
    }
}
