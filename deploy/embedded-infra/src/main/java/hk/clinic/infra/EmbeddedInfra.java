package hk.clinic.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The platform's real servers on loopback: PostgreSQL, Kafka, SMTP and the provider stub. One instance
 * serves both the tests (random ports, data under {@code target/}) and the local run (fixed ports, data under
 * {@code .local-data/}, kept across restarts). {@link #serviceConfig(String)} is the one place that turns
 * the running servers into a service's Quarkus configuration, for tests and the launcher alike.
 */
public final class EmbeddedInfra implements AutoCloseable {

    public enum Component { POSTGRES, KAFKA, SMTP, PROVIDERS }

    public static final List<String> SERVICES = List.of("booking", "content", "notification");

    /** Created up front with a fixed partition count, as in production, rather than auto-created on first use. */
    public static final List<String> TOPICS = List.of("booking.registrations", "booking.registrations.dlq");

    private final Path dataDir;
    private final InfraPorts ports;
    private final Map<String, ServiceAccount> accounts;
    private final StaffKeys staffKeys;
    private final List<AutoCloseable> started = new ArrayList<>();
    private PostgresServer postgres;
    private KafkaBroker kafka;
    private MailServer mail;
    private ProviderStub providers;

    private EmbeddedInfra(Path dataDir, InfraPorts ports, Map<String, ServiceAccount> accounts, StaffKeys staffKeys) {
        this.dataDir = dataDir;
        this.ports = ports;
        this.accounts = accounts;
        this.staffKeys = staffKeys;
    }

    /** Starts the given components; on failure, stops whatever had started and rethrows. */
    public static EmbeddedInfra start(Path dataDir, InfraPorts ports, Set<Component> components, StaffKeys staffKeys) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EmbeddedInfra infra = new EmbeddedInfra(dataDir, ports, loadOrCreateAccounts(dataDir), staffKeys);
        try {
            infra.startComponents(components.isEmpty() ? EnumSet.allOf(Component.class) : EnumSet.copyOf(components));
            return infra;
        } catch (RuntimeException e) {
            infra.close();
            throw e;
        }
    }

    private void startComponents(Set<Component> components) {
        Path logs = dataDir.resolve("logs");
        if (components.contains(Component.POSTGRES)) {
            postgres = remember(PostgresServer.start(dataDir.resolve("postgres"), logs.resolve("postgres.log"),
                    ports.postgres(), accounts.values()));
        }
        if (components.contains(Component.KAFKA)) {
            BrokerLogs.toFile(logs.resolve("kafka.log"));
            kafka = remember(KafkaBroker.start(dataDir.resolve("kafka"), ports.kafka(), ports.kafkaController()));
            kafka.createTopics(TOPICS, 3);
        }
        if (components.contains(Component.SMTP)) {
            mail = remember(MailServer.start(ports.smtp(), ports.mailApi()));
        }
        if (components.contains(Component.PROVIDERS)) {
            providers = remember(ProviderStub.start(dataDir.resolve("wiremock"), ports.wiremock()));
        }
    }

    private <T extends AutoCloseable> T remember(T server) {
        started.add(server);
        return server;
    }

    public PostgresServer postgres() {
        return require(postgres, "PostgreSQL");
    }

    public KafkaBroker kafka() {
        return require(kafka, "Kafka");
    }

    public MailServer mail() {
        return require(mail, "SMTP");
    }

    public ProviderStub providers() {
        return require(providers, "the provider stub");
    }

    public StaffKeys staffKeys() {
        return staffKeys;
    }

    public ServiceAccount account(String service) {
        ServiceAccount account = accounts.get(service);
        if (account == null) {
            throw new IllegalArgumentException("Unknown service " + service + "; known: " + SERVICES);
        }
        return account;
    }

    /** Where everything listens, as {@code infra.*} properties for tests (outside the services' {@code clinic.*} mappings). */
    public Map<String, String> endpoints() {
        Map<String, String> e = new LinkedHashMap<>();
        if (postgres != null) {
            e.put("infra.jdbc-url", postgres.jdbcUrl());
            e.put("infra.admin-user", PostgresServer.SUPERUSER);
        }
        if (kafka != null) {
            e.put("infra.kafka-bootstrap-servers", kafka.bootstrapServers());
        }
        if (mail != null) {
            e.put("infra.smtp-host", "127.0.0.1");
            e.put("infra.smtp-port", String.valueOf(mail.smtpPort()));
            e.put("infra.mail-api-url", "http://127.0.0.1:" + mail.apiPort() + "/api/messages");
        }
        if (providers != null) {
            e.put("infra.provider-stub-url", providers.baseUrl());
        }
        e.put("infra.jwt-issuer", StaffKeys.ISSUER);
        return e;
    }

    /**
     * The configuration a service needs to run against these servers: its own database role, the broker, the
     * mail server (notification only), staff-token verification, and the {@link #endpoints()} that services map in their
     * {@code %test}/{@code %local} profiles (for example the provider base URLs).
     */
    public Map<String, String> serviceConfig(String service) {
        ServiceAccount account = account(service);
        Map<String, String> c = new LinkedHashMap<>(endpoints());
        if (postgres != null) {
            c.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
            c.put("quarkus.datasource.username", account.role());
            c.put("quarkus.datasource.password", account.password());
        }
        if (kafka != null) {
            c.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        }
        // Only notification-service has the Mailer extension; another service would warn about unknown keys.
        if (mail != null && service.equals("notification")) {
            c.put("quarkus.mailer.host", "127.0.0.1");
            c.put("quarkus.mailer.port", String.valueOf(mail.smtpPort()));
            c.put("quarkus.mailer.mock", "false");
        }
        c.put("mp.jwt.verify.publickey", staffKeys.publicKeyPem());
        c.put("mp.jwt.verify.issuer", StaffKeys.ISSUER);
        return Collections.unmodifiableMap(c);
    }

    /** Service passwords are random and stay with the data, so a second local run can reuse its database. */
    private static Map<String, ServiceAccount> loadOrCreateAccounts(Path dataDir) {
        Path file = dataDir.resolve("service-accounts.properties");
        Properties stored = new Properties();
        try {
            if (Files.exists(file)) {
                try (var in = Files.newBufferedReader(file)) {
                    stored.load(in);
                }
            }
            SecureRandom random = new SecureRandom();
            boolean changed = false;
            Map<String, ServiceAccount> accounts = new LinkedHashMap<>();
            for (String service : SERVICES) {
                String password = stored.getProperty(service);
                if (password == null) {
                    byte[] bytes = new byte[18];
                    random.nextBytes(bytes);
                    password = HexFormat.of().formatHex(bytes);
                    stored.setProperty(service, password);
                    changed = true;
                }
                accounts.put(service, new ServiceAccount(service, password));
            }
            if (changed) {
                try (var out = Files.newBufferedWriter(file)) {
                    stored.store(out, "database passwords of the service roles (local data, never commit)");
                }
            }
            return accounts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a data directory and all it holds (a fresh start); nothing happens when it does not exist. */
    public static void wipe(Path dataDir) {
        if (!Files.exists(dataDir)) {
            return;
        }
        try (var paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T require(T server, String what) {
        if (server == null) {
            throw new IllegalStateException(what + " was not started");
        }
        return server;
    }

    @Override
    public void close() {
        List<AutoCloseable> reverse = new ArrayList<>(started);
        Collections.reverse(reverse);
        for (AutoCloseable server : reverse) {
            try {
                server.close();
            } catch (Exception e) {
                Logger.getLogger(EmbeddedInfra.class.getName()).log(Level.WARNING, "Stopping " + server + " failed", e);
            }
        }
        started.clear();
    }
}
