package hk.clinic.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

/** Everything this service reads from {@code clinic.*}: providers, delivery rules, quiet hours, clock. */
@ConfigMapping(prefix = "clinic")
public interface NotificationConfig {

    /** The clinic's zone: every date rule (quiet hours, message dates) is computed in it. */
    @WithDefault("Asia/Hong_Kong")
    ZoneId zone();

    QuietHours quietHours();

    Delivery delivery();

    WhatsApp whatsapp();

    Sms sms();

    Content content();

    OptOut optOut();

    Clock clock();


    interface QuietHours {
        /** No WhatsApp or SMS from this local time ... */
        @WithDefault("22:00")
        LocalTime start();

        /** ... until this one; messages due inside move to it. */
        @WithDefault("09:00")
        LocalTime end();
    }

    interface Delivery {
        /** How far before the appointment the reminder goes. */
        @WithDefault("PT24H")
        Duration reminderLead();

        /** Attempts per message before it is FAILED (and a WhatsApp message falls back to SMS). */
        @WithDefault("5")
        int maxAttempts();

        /** First retry delay; doubled on every further attempt. */
        @WithDefault("PT30S")
        Duration backoff();

        /**
         * A SENDING row whose sender did not report back within this time is due again (the poll looks once per
         * interval). It starts as the sender claims the message, so it must outlast the longest call (connect +
         * read timeout, or the mailer's timeout): a shorter lease would let a second sender resend a message the
         * first is still sending. The service refuses to start otherwise, and a sender sends a message later in its
         * claim only while its lease still covers that call. After a crash, the messages it had claimed wait this
         * long.
         */
        @WithDefault("PT2M")
        Duration lease();

        /** Connecting to WhatsApp or Twilio. */
        @WithDefault("PT3S")
        Duration providerConnectTimeout();

        /**
         * Waiting for WhatsApp's or Twilio's answer. On a timeout the provider may have accepted the message; it
         * counts as a transient failure and is retried (a lost confirmation is worse than a repeated one).
         */
        @WithDefault("PT10S")
        Duration providerReadTimeout();

        /**
         * How many messages are sent at once (the senders). Provider calls mostly wait on the network, so a few in
         * parallel multiply the rate. Each sender claims a few messages at a time (see {@link #claimBatch()}), sends
         * them one after another and records each outcome as it comes.
         */
        @WithDefault("4")
        @Min(1)
        int sendConcurrency();

        /**
         * The most messages a sender claims in one statement. A sender starts with one and doubles its claim while
         * claims come back full, back to one when a claim does not, so a few due messages spread over the senders
         * at once and a backlog costs one claim per this many messages. A claimed message waits for those before
         * it in the claim; one whose lease could end before its send would is given back, due again at once.
         */
        @WithDefault("8")
        @Min(1)
        int claimBatch();

        /**
         * How many messages claimed as they were scheduled may wait in memory for a sender (see
         * {@code service.HandOffs}), 0 for none. Beyond it a message due now is scheduled as one due later is, and
         * a sender claims it from the table. They keep their lease while they wait, so after a crash they wait for
         * its end too.
         */
        @WithDefault("64")
        @Min(0)
        int handOffLimit();

        /**
         * The longest a hand-off may wait for a sender. One that waited longer is given back (SCHEDULED, due at
         * once) and claimed from the table again, so that what happened meanwhile (a cancellation, an erasure,
         * an opt-out: these change only SCHEDULED rows) applies to it; the sender would otherwise send the copy it
         * was handed.
         */
        @WithDefault("PT1S")
        Duration handOffMaxWait();

        /** How often the scheduler looks for due messages. */
        @WithDefault("1s")
        String pollInterval();
    }

    interface WhatsApp {
        @WithDefault("https://graph.facebook.com")
        String baseUrl();

        @WithDefault("v21.0")
        String apiVersion();

        @WithDefault("unset")
        String phoneNumberId();

        @WithDefault("unset")
        String token();
    }

    interface Sms {
        @WithDefault("https://api.twilio.com")
        String baseUrl();

        @WithDefault("unset")
        String accountSid();

        @WithDefault("unset")
        String authToken();

        @WithDefault("+85200000000")
        String from();
    }

    interface Content {
        @WithDefault("http://localhost:8082")
        String baseUrl();

        @WithDefault("PT2S")
        Duration timeout();

        /** How long the breaker stays open before letting a trial call through. */
        @WithDefault("PT10S")
        Duration circuitBreakerDelay();
    }

    interface OptOut {
        /**
         * HMAC key of unsubscribe tokens (CLINIC_OPT_OUT_SECRET). No default: with a well-known key anyone could
         * forge opt-outs, so the service does not start without one.
         */
        String secret();

        /** Public base of this service, for the unsubscribe link. */
        @WithDefault("http://localhost:8083")
        String publicBaseUrl();

        /** Requests per client address and minute on the public opt-out endpoint. */
        @WithDefault("20")
        int rateLimitPerMinute();
    }

    interface Clock {
        /** Shift of the service clock at start (non-prod only; system tests move time instead of sleeping). */
        @WithDefault("PT0S")
        Duration offset();

        /** Whether staff may move the clock through the API; off by default and in production. */
        @WithDefault("false")
        boolean adjustable();
    }
}
