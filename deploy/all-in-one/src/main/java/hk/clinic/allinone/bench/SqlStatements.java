package hk.clinic.allinone.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What PostgreSQL executed during a run, from pg_stat_statements (the embedded server preloads it when
 * {@code clinic.infra.postgres-stat-statements} is set, as the bench does): per database role, statements and
 * execution time per registration, and the statements that took the most time. It answers what the CPU table
 * cannot: which of PostgreSQL's CPU seconds are booking's own statements, its outbox relay's or
 * notification-service's, and how many round trips one registration costs against the limit's.
 */
final class SqlStatements {

    private record Row(String role, String query, long calls, double execMs, double planMs, long rows) {
    }

    private SqlStatements() {
    }

    /** Creates the extension (once) and forgets everything counted so far. */
    static void reset(Connection superuser) throws SQLException {
        try (Statement st = superuser.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements SCHEMA public");
            st.execute("SELECT public.pg_stat_statements_reset()");
        }
    }

    /**
     * Markdown lines: per role, then the {@code top} statements by execution time, each per registration
     * ({@code registrations} of the run).
     */
    static List<String> summary(Connection superuser, long registrations, int top) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Statement st = superuser.createStatement();
             var rs = st.executeQuery("SELECT r.rolname, s.query, s.calls, s.total_exec_time, s.total_plan_time, s.rows "
                     + "FROM public.pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid "
                     + "WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                     + "AND s.query NOT LIKE '%pg_stat_statements%' ORDER BY s.total_exec_time DESC")) {
            while (rs.next()) {
                rows.add(new Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getDouble(4), rs.getDouble(5), rs.getLong(6)));
            }
        }
        double per = Math.max(1, registrations);
        Map<String, double[]> byRole = new LinkedHashMap<>();
        for (Row r : rows) {
            double[] t = byRole.computeIfAbsent(r.role(), k -> new double[3]);
            t[0] += r.calls();
            t[1] += r.execMs();
            t[2] += r.planMs();
        }
        List<String> lines = new ArrayList<>();
        lines.add("| role | statements per registration | execution ms per registration | planning ms per registration |");
        lines.add("|---|---:|---:|---:|");
        byRole.forEach((role, t) -> lines.add(String.format("| %s | %.2f | %.3f | %.3f |", role, t[0] / per, t[1] / per, t[2] / per)));
        lines.add("");
        lines.add("| role | statement | calls per registration | rows per call | mean ms | execution ms per registration |");
        lines.add("|---|---|---:|---:|---:|---:|");
        for (Row r : rows.subList(0, Math.min(top, rows.size()))) {
            lines.add(String.format("| %s | `%s` | %.2f | %.2f | %.3f | %.3f |", r.role(), shorten(r.query()), r.calls() / per,
                    r.calls() == 0 ? 0.0 : (double) r.rows() / r.calls(), r.calls() == 0 ? 0.0 : r.execMs() / r.calls(),
                    r.execMs() / per));
        }
        return lines;
    }

    private static String shorten(String query) {
        String q = query.replaceAll("\\s+", " ").replace("|", "\\|").replace("`", "'").trim();
        return q.length() <= 160 ? q : q.substring(0, 157) + "...";
    }
}
