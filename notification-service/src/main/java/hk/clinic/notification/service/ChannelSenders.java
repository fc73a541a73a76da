package hk.clinic.notification.service;

import com.fasterxml.jackson.databind.JsonNode;
import hk.clinic.notification.client.TwilioApi;
import hk.clinic.notification.client.WhatsAppApi;
import hk.clinic.notification.config.NotificationConfig;
import hk.clinic.notification.domain.Notification;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.vertx.ext.mail.SMTPException;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Sends one claimed message on its channel and reports the provider's answer; never throws. A message can be
 * sent more than once (a crash or a timeout after the provider accepted it), so every attempt carries the
 * same key derived from the notification's id: the email's Message-ID, Twilio's idempotency token, and
 * WhatsApp's {@code biz_opaque_callback_data} (echoed in Meta's status webhooks; Meta does not deduplicate).
 */
@Startup
@ApplicationScoped
public class ChannelSenders {

    /** The domain of our Message-IDs: ours, so they never collide with another sender's. */
    static final String MESSAGE_ID_DOMAIN = "notification.clinic.hk";

    @Inject
    NotificationConfig config;

    @Inject
    Mailer mailer;

    @Inject
    OptOutTokens optOutTokens;

    @Inject
    Tracer tracer;

    @ConfigProperty(name = "quarkus.mailer.host")
    String mailerHost;

    @ConfigProperty(name = "quarkus.mailer.port")
    int mailerPort;

    @ConfigProperty(name = "quarkus.mailer.timeout", defaultValue = "10s")
    Duration mailerTimeout;

    private WhatsAppApi whatsApp;
    private TwilioApi twilio;

    private Duration longestCall;

    /** The longest a provider call can take before it counts as failed: connect + read timeout, or the mailer's. */
    public Duration longestCall() {
        return longestCall;
    }

    @PostConstruct
    void init() {
        var delivery = config.delivery();
        Duration longestCall = delivery.providerConnectTimeout().plus(delivery.providerReadTimeout());
        if (mailerTimeout.compareTo(longestCall) > 0) {
            longestCall = mailerTimeout;
        }
        if (delivery.lease().compareTo(longestCall) <= 0) {
            throw new IllegalStateException("clinic.delivery.lease (" + delivery.lease() + ") must be longer than the "
                    + "longest provider call (" + longestCall + "): otherwise a message still being sent is claimed and sent again");
        }
        this.longestCall = longestCall;
        whatsApp = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(config.whatsapp().baseUrl()))
                .connectTimeout(delivery.providerConnectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(delivery.providerReadTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .build(WhatsAppApi.class);
        twilio = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(config.sms().baseUrl()))
                .connectTimeout(delivery.providerConnectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(delivery.providerReadTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .build(TwilioApi.class);
    }

    /** The same on every attempt, so a resent email is the same message to mail clients (they show it once). */
    public static String messageId(UUID notificationId) {
        return "<" + notificationId + "@" + MESSAGE_ID_DOMAIN + ">";
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

    /**
     * The SMTP exchange as a client span of the message's trace (Quarkus traces the REST clients' calls, not the
     * Mailer's), marked failed when the message did not go out.
     */
    private SendOutcome email(Notification n) {
        Span span = tracer.spanBuilder("smtp send").setSpanKind(SpanKind.CLIENT)
                .setAttribute("server.address", mailerHost)
                .setAttribute("server.port", mailerPort)
                .setAttribute("clinic.notification.id", n.id.toString())
                .setAttribute("clinic.notification.type", n.type.name())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            SendOutcome outcome = sendEmail(n);
            if (outcome instanceof SendOutcome.Failure failed) {
                span.setStatus(StatusCode.ERROR, failed.reason());
            }
            return outcome;
        } finally {
            span.end();
        }
    }

    private SendOutcome sendEmail(Notification n) {
        try {
            Mail mail = Mail.withHtml(n.recipient, n.subject, n.bodyHtml).setText(n.bodyText)
                    .addHeader("Message-ID", messageId(n.id))
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
                    WhatsAppApi.TextMessage.of(n.recipient.replace("+", ""), phoneText(n), n.id.toString()));
            return new SendOutcome.Sent(answer == null ? null : answer.path("messages").path(0).path("id").asText(null));
        } catch (RuntimeException e) {
            return ProviderErrors.classify("WhatsApp", e);
        }
    }

    private SendOutcome sms(Notification n) {
        try {
            String basic = Base64.getEncoder().encodeToString(
                    (config.sms().accountSid() + ":" + config.sms().authToken()).getBytes(StandardCharsets.UTF_8));
            // Twilio drops a repeated request with the same token, so a send retried after a crash or a timeout
            // is not doubled: the token is the notification's id, the same on every attempt.
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
