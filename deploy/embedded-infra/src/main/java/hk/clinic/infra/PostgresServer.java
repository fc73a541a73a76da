package hk.clinic.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;

/**
 * A real PostgreSQL 17 (zonky's binaries; as root zonky runs initdb and pg_ctl under {@code unshare -U}).
 * Creates database {@value #DATABASE} and, per service, a login role that owns the schema of its name and
 * can reach no other schema. Passwords are checked (scram-sha-256) for every role but the superuser.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "clinic";
    public static final String SUPERUSER = "postgres";
    /**
     * System property: {@code true} loads pg_stat_statements at start (shared_preload_libraries), so that a superuser
     * can {@code CREATE EXTENSION pg_stat_statements} and read every statement's calls and time. The benchmarks set
     * it; the tests, which read no statistics, run without it.
     */
    public static final String STAT_STATEMENTS = "clinic.infra.postgres-stat-statements";

    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private volatile EmbeddedPostgres postgres;

    private PostgresServer(Path dataDir, Path logFile, int port) {
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.port = port;
    }

    public static PostgresServer start(Path dataDir, Path logFile, int port, Collection<ServiceAccount> accounts) {
        try {
            Files.createDirectories(dataDir.getParent());
            Files.createDirectories(logFile.getParent());
            PostgresServer server = new PostgresServer(dataDir, logFile, port);
            server.start();
            server.provision(accounts);
            server.requirePasswords(dataDir);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start; see " + logFile, e);
        }
    }

    /**
     * Starts the server again on the same port and data directory after {@link #stop()} (fault tests): roles,
     * passwords and rows are all still there. Does nothing while it runs.
     */
    public synchronized void start() {
        if (postgres != null) {
            return;
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (Boolean.getBoolean(STAT_STATEMENTS)) {
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
            }
            postgres = builder
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("timezone", "UTC")
                    .setServerConfig("fsync", "off")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setRegisterShutdownHook(false)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start; see " + logFile, e);
        }
    }

    /** Stops the server (fast shutdown: open sessions are cut) and keeps its data; {@link #start()} brings it back. */
    public synchronized void stop() {
        EmbeddedPostgres running = postgres;
        if (running != null) {
            postgres = null;
            try {
                running.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public boolean isRunning() {
        return postgres != null;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** A superuser connection, for provisioning and for tests that look across schemas. */
    public Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), SUPERUSER, "");
    }

    private void provision(Collection<ServiceAccount> accounts) {
        try (Connection c = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", SUPERUSER, "");
             Statement s = c.createStatement()) {
            boolean exists;
            try (var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                exists = rs.next();
            }
            if (!exists) {
                s.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8' TEMPLATE template0");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + DATABASE, e);
        }
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            s.execute("REVOKE ALL ON DATABASE " + DATABASE + " FROM PUBLIC");
            s.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC");
            for (ServiceAccount a : accounts) {
                String role = a.role();
                String password = a.password().replace("'", "''");
                s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN "
                        + "CREATE ROLE " + role + " LOGIN; END IF; END $$");
                s.execute("ALTER ROLE " + role + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '" + password + "'");
                s.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + DATABASE + " TO " + role);
                s.execute("CREATE SCHEMA IF NOT EXISTS " + a.schema() + " AUTHORIZATION " + role);
                s.execute("ALTER ROLE " + role + " IN DATABASE " + DATABASE + " SET search_path = " + a.schema());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not provision the service roles", e);
        }
    }

    /** initdb trusts every local login; from here on only the superuser does, so service passwords matter. */
    private void requirePasswords(Path dataDir) throws IOException {
        Path hba = dataDir.resolve("pg_hba.conf");
        List<String> rules = List.of(
                "# written by embedded-infra: the superuser is trusted on loopback, service roles need their password",
                "local all " + SUPERUSER + " trust",
                "host  all " + SUPERUSER + " 127.0.0.1/32 trust",
                "host  all " + SUPERUSER + " ::1/128 trust",
                "local all all scram-sha-256",
                "host  all all 127.0.0.1/32 scram-sha-256",
                "host  all all ::1/128 scram-sha-256");
        if (!Files.exists(hba) || !Files.readAllLines(hba).equals(rules)) {
            Files.write(hba, rules);
            try (Connection c = adminConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_reload_conf()");
            } catch (SQLException e) {
                throw new IllegalStateException("Could not reload pg_hba.conf", e);
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
