package hk.clinic.infra.testing;

import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each service's {@code DatabaseUnavailable} tells the database going away from a bug, checked the same way in
 * all three: extend it in a {@code @QuarkusTest} of the service. A commit cut off by the server is the database
 * being unavailable (a 503 with Retry-After, or an outcome that waits for the database), not a bug. Narayana
 * reports the driver's error as suppressed by its RollbackException, not as its cause: the all-in-one
 * InfraFaultsTest met that shape on 2026-12-02, when notification-service dropped a sent message's outcome and
 * sent it again after its lease.
 */
public abstract class DatabaseUnavailableContract {

    /** The service's datasource. */
    protected abstract DataSource dataSource();

    /** Runs the work in a new transaction of its own (QuarkusTransaction.requiringNew()). */
    protected abstract void inNewTransaction(Runnable work);

    /** The service's {@code DatabaseUnavailable.reason}. */
    protected abstract Optional<String> reason(Throwable failure);

    @Test
    void aCommitWhoseConnectionTheServerEndsIsTheDatabaseBeingAway() {
        RuntimeException failure = assertThrows(RuntimeException.class, () -> inNewTransaction(() -> {
            int pid = query("SELECT pg_backend_pid()");
            // From another connection, as PostgreSQL's shutdown does to every backend (SQLState 57P01).
            inNewTransaction(() -> query("SELECT CASE WHEN pg_terminate_backend(" + pid + ", 5000) THEN 1 ELSE 0 END"));
        }));
        Optional<String> reason = reason(failure);
        assertTrue(reason.isPresent(), () -> "not told from a bug: " + failure);
        assertTrue(reason.get().equals("57P01") || reason.get().startsWith("08"), reason::get);
    }

    @Test
    void aConstraintViolationIsNot() {
        RuntimeException failure = assertThrows(RuntimeException.class, () -> inNewTransaction(
                () -> query("SELECT CAST('not a number' AS integer)")));
        assertEquals(Optional.empty(), reason(failure));
    }

    private int query(String sql) {
        try (Connection c = dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
