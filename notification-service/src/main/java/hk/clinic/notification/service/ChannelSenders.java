package hk.clinic.notification.service;

import com.fasterxml.jackson.databind.JsonNode;
import hk.clinic.notification.client.TwilioApi;
import hk.clinic.notification.client.WhatsAppApi;
import hk.clinic.notification.config.NotificationConfig;
import hk.clinic.notification.domain.Notification;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.vertx.ext.mail.SMTPException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/** Sends one claimed message on its channel and reports the provider's answer; never throws. */
@ApplicationScoped
public class ChannelSenders {

    @Inject
    NotificationConfig config;

    @Inject
    Mailer mailer;

    @Inject
    OptOutTokens optOutTokens;

    private WhatsAppApi whatsApp;
    private TwilioApi twilio;

    @PostConstruct
    void init() {
        whatsApp = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(config.whatsapp().baseUrl()))
                .connectTimeout(3, TimeUnit.SECONDS).readTimeout(10, TimeUnit.SECONDS)
                .build(WhatsAppApi.class);
        twilio = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(config.sms().baseUrl()))
                .connectTimeout(3, TimeUnit.SECONDS).readTimeout(10, TimeUnit.SECONDS)
                .build(TwilioApi.class);
    }

    public SendOutcome send(Notification n) {
        if (n.recipient == null || n.bodyText == null) {
            return new SendOutcome.Permanent("No recipient or body (erased)");
        }
        return switch (n.channel) {
            case EMAIL -> email(n);
            case WHATSAPP -> whatsApp(n);
            case SMS -> sms(n);
        };
    }

    private SendOutcome email(Notification n) {
        try {
            Mail mail = Mail.withHtml(n.recipient, n.subject, n.bodyHtml).setText(n.bodyText)
                    .addHeader("X-Clinic-Notification-Id", n.id.toString());
            if (n.promotional) {
                mail.addHeader("List-Unsubscribe", "<" + optOutTokens.unsubscribeUrl(n.registrationId) + ">");
                mail.addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            }
            mailer.send(mail);
            return new SendOutcome.Sent(null);
        } catch (RuntimeException e) {
            // A 5xx SMTP reply (unknown mailbox, rejected address) will not change on retry; the rest may.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SMTPException smtp && smtp.isPermanent()) {
                    return new SendOutcome.Permanent(ProviderErrors.truncate("SMTP " + smtp.getReplyCode()));
                }
            }
            return new SendOutcome.Transient(ProviderErrors.truncate("SMTP: " + e.getClass().getSimpleName()));
        }
    }

    private SendOutcome whatsApp(Notification n) {
        try {
            JsonNode answer = whatsApp.send(config.whatsapp().apiVersion(), config.whatsapp().phoneNumberId(),
                    "Bearer " + config.whatsapp().token(),
                    WhatsAppApi.TextMessage.of(n.recipient.replace("+", ""), phoneText(n)));
            return new SendOutcome.Sent(answer == null ? null : answer.path("messages").path(0).path("id").asText(null));
        } catch (RuntimeException e) {
            return ProviderErrors.classify("WhatsApp", e);
        }
    }

    private SendOutcome sms(Notification n) {
        try {
            String basic = Base64.getEncoder().encodeToString(
                    (config.sms().accountSid() + ":" + config.sms().authToken()).getBytes(StandardCharsets.UTF_8));
            // Twilio drops a repeated request with the same token, so a send retried after a crash is not doubled.
            JsonNode answer = twilio.send(config.sms().accountSid(), "Basic " + basic, n.id.toString(),
                    n.recipient, config.sms().from(), phoneText(n));
            return new SendOutcome.Sent(answer == null ? null : answer.path("sid").asText(null));
        } catch (RuntimeException e) {
            return ProviderErrors.classify("SMS", e);
        }
    }

    private static String phoneText(Notification n) {
        return n.subject == null ? n.bodyText : n.subject + "\n\n" + n.bodyText;
    }
}
