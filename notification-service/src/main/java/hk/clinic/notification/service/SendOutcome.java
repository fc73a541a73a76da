package hk.clinic.notification.service;

/** What a provider said about one send attempt. */
public sealed interface SendOutcome {

    record Sent(String providerMessageId) implements SendOutcome {
    }

    /** The message did not go out, for this reason (kept as the row's last_error, and the span's status). */
    sealed interface Failure extends SendOutcome {
        String reason();
    }

    /** Worth another attempt later: 5xx, 429, timeouts, connection failures. */
    record Transient(String reason) implements Failure {
    }

    /** Will never succeed as it is: 4xx other than 429, no recipient. */
    record Permanent(String reason) implements Failure {
    }
}
