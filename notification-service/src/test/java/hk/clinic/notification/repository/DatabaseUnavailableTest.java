package hk.clinic.notification.repository;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
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
 * A commit cut off by the server going away is the database being unavailable, not a bug. Found by the all-in-one
 * InfraFaultsTest on 2026-12-02: PostgreSQL stopped as a sent WhatsApp message's outcome was committed, Narayana
 * reported the driver's error as suppressed by its RollbackException (not as its cause), the outcome was dropped
 * instead of waiting for the database, and the message went out again after its lease.
 */
@QuarkusTest
class DatabaseUnavailableTest {

    @Inject
    DataSource dataSource;

    @Test
    void aCommitWhoseConnectionTheServerEndsIsTheDatabaseBeingAway() {
        RuntimeException failure = assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            int pid = query("SELECT pg_backend_pid()");
            // From another connection, as PostgreSQL's shutdown does to every backend (SQLState 57P01).
            QuarkusTransaction.requiringNew().run(() -> query("SELECT CASE WHEN pg_terminate_backend(" + pid + ", 5000) THEN 1 ELSE 0 END"));
        }));
        Optional<String> reason = DatabaseUnavailable.reason(failure);
        assertTrue(reason.isPresent(), () -> "not told from a bug: " + failure);
        assertTrue(reason.get().equals("57P01") || reason.get().startsWith("08"), reason::get);
    }

    @Test
    void aConstraintViolationIsNot() {
        RuntimeException failure = assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew().run(
                () -> query("SELECT CAST('not a number' AS integer)")));
        assertEquals(Optional.empty(), DatabaseUnavailable.reason(failure));
    }

    private int query(String sql) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
