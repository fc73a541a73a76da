package hk.clinic.content.rest;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Tells a database that cannot be reached right now (PostgreSQL stopped, restarting or cut off; no pooled
 * connection within the acquisition timeout) from a bug: such a request is answered 503 with Retry-After,
 * which a client may safely retry, and the pool reconnects by itself once the database is back.
 */
final class DatabaseUnavailable {

    /** What a client is told to wait before retrying: about the time a PostgreSQL restart or failover takes. */
    static final int RETRY_AFTER_SECONDS = 5;

    private DatabaseUnavailable() {
    }

    /**
     * The SQLState (or the failure's class) when a connection-level failure is among the causes. Class 08 is
     * "connection exception"; 57P01..57P03 are the server shutting down, crashing or still starting.
     * <p>
     * The causes are the cause chain and, on each link, the suppressed exceptions: when a transaction's commit
     * fails (PostgreSQL shutting down as it commits), Narayana throws a RollbackException whose driver error is
     * suppressed, not its cause.
     */
    static Optional<String> reason(Throwable failure) {
        return reason(failure, 0);
    }

    private static Optional<String> reason(Throwable failure, int depth) {
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
            Optional<String> own = ownReason(t);
            if (own.isPresent()) {
                return own;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                Optional<String> inner = reason(suppressed, depth + 1);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> ownReason(Throwable t) {
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState();
            if (state != null && (state.startsWith("08") || state.matches("57P0[123]"))) {
                return Optional.of(state);
            }
            String message = sql.getMessage() == null ? "" : sql.getMessage().toLowerCase(Locale.ROOT);
            if (sql.getCause() instanceof TimeoutException || message.contains("acquisition timeout")) {
                return Optional.of("pool acquisition timeout");
            }
        }
        return Optional.empty();
    }
}
