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
     * The SQLState (or the failure's class) when a connection-level failure is in the cause chain. Class 08 is
     * "connection exception"; 57P01..57P03 are the server shutting down, crashing or still starting.
     */
    static Optional<String> reason(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < 32; t = t.getCause()) {
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
        }
        return Optional.empty();
    }
}
