package hk.clinic.allinone.support;

import hk.clinic.allinone.Platform;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * notification-service's confirmation rows read straight from its schema: what the fault tests need while the
 * service itself is down (its state at the moment of a SIGKILL).
 */
public final class NotificationRows {

    /** One confirmation row; when it is due and why its last attempt failed, for a failing test's message. */
    public record Row(String id, String registrationId, String channel, String status, int attempts, String dueAt,
                      String lastError) {
    }

    private final String jdbcUrl;

    public NotificationRows(Platform platform) {
        this.jdbcUrl = platform.infra().postgres().jdbcUrl();
    }

    /** The confirmation rows of these registrations. */
    public List<Row> confirmations(List<String> registrationIds) {
        try (Connection admin = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement q = admin.prepareStatement("SELECT id, registration_id, channel, status, attempts, due_at, last_error "
                     + "FROM notification.notification WHERE type = 'CONFIRMATION' AND registration_id = ANY (?)")) {
            Array ids = admin.createArrayOf("uuid", registrationIds.stream().map(UUID::fromString).toArray());
            q.setArray(1, ids);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                            rs.getString(6), rs.getString(7)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read notification rows", e);
        }
    }
}
