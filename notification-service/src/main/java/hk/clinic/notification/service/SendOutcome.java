package hk.clinic.notification.service;

/** What a provider said about one send attempt. */
public sealed interface SendOutcome {

    record Sent(String providerMessageId) implements SendOutcome {
    }

    /** Worth another attempt later: 5xx, 429, timeouts, connection failures. */
    record Transient(String reason) implements SendOutcome {
    }

    /** Will never succeed as it is: 4xx other than 429, no recipient. */
    record Permanent(String reason) implements SendOutcome {
    }
}
