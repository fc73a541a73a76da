package hk.clinic.allinone;

import hk.clinic.infra.EmbeddedInfra;
import hk.clinic.infra.InfraPorts;
import hk.clinic.infra.StaffKeys;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole platform on one machine: the embedded servers in this JVM and the three packaged services as
 * child JVMs. {@code ./run-local.sh} and the system tests both start it through here, so they can't drift.
 */
public final class Platform implements AutoCloseable {

    /**
     * The services' JVM options, the same as deploy/kubernetes sets (there as a share of the container limit):
     * a small heap (the live set under load is far below it; SerialGC on 2 cores) and smaller thread stacks, so
     * each service stays small after load. The code cache keeps the JVM's default size (240 MB reserved, committed
     * as used): capped at 64 MB, JDK 17's sweeper flushed most compiled code whenever load paused (booking in a pause of
     * the 2026-12-02 bench: 4.8 MB in use of 38 MB used before, 1 880 nmethods; 12 639 uncapped), and
     * the JIT compiled the write path again on the next requests.
     */
    public static final List<String> SERVICE_JVM_OPTIONS = List.of("-Xmx128m", "-XX:+UseSerialGC",
            "-Xss512k", "-Duser.timezone=UTC");

    public static final List<String> SERVICES = EmbeddedInfra.SERVICES;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    /** Where everything listens. */
    public record Ports(InfraPorts infra, int booking, int content, int notification) {

        public static final Ports LOCAL = new Ports(InfraPorts.LOCAL, 8081, 8082, 8083);

        public static Ports random() {
            int[] p = InfraPorts.freePorts(3);
            return new Ports(InfraPorts.random(), p[0], p[1], p[2]);
        }

        int of(String service) {
            return switch (service) {
                case "booking" -> booking;
                case "content" -> content;
                case "notification" -> notification;
                default -> throw new IllegalArgumentException(service);
            };
        }

        /** Fails with one line naming the first port in use. */
        public void requireFree() {
            infra.requireFree();
            for (String service : SERVICES) {
                InfraPorts.requireFree(of(service), service + "-service");
            }
        }
    }

    private final EmbeddedInfra infra;
    private final Ports ports;
    private final Path repoRoot;
    private final Path dataDir;
    private final Map<String, Map<String, String>> extraConfig;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final List<ServiceProcess> replicas = new ArrayList<>();
    /** Stops the services and servers when the JVM exits without {@link #close()} (Ctrl-C, a kill, a killed test run). */
    private final Thread stopOnExit = new Thread(this::close, "platform-stop-on-exit");
    private boolean closed;

    private Platform(EmbeddedInfra infra, Ports ports, Path repoRoot, Path dataDir, Map<String, Map<String, String>> extraConfig) {
        this.infra = infra;
        this.ports = ports;
        this.repoRoot = repoRoot;
        this.dataDir = dataDir;
        this.extraConfig = extraConfig;
    }

    /**
     * Starts the servers, then all three services at once, and returns when every service is ready.
     *
     * @param repoRoot     the checkout, whose {@code *-service/target/quarkus-app} hold the packaged apps
     * @param dataDir      data, keys and logs (kept across runs)
     * @param extraConfig  per service, configuration on top of the platform's (e.g. clock or rate-limit settings in tests)
     */
    public static Platform start(Path repoRoot, Path dataDir, Ports ports, Map<String, Map<String, String>> extraConfig) {
        EmbeddedInfra infra = EmbeddedInfra.start(dataDir.resolve("infra"), ports.infra(),
                EnumSet.allOf(EmbeddedInfra.Component.class), StaffKeys.loadOrGenerate(dataDir.resolve("keys")));
        Platform platform = new Platform(infra, ports, repoRoot, dataDir, extraConfig);
        Runtime.getRuntime().addShutdownHook(platform.stopOnExit);
        try {
            for (String service : SERVICES) {
                ServiceProcess process = platform.process(service, ports.of(service), service + "-service.log");
                platform.services.put(service, process);
                process.start(platform.fullConfig(service));
            }
            CompletableFuture.allOf(platform.services.values().stream()
                    .map(p -> CompletableFuture.runAsync(() -> p.awaitReady(READY_TIMEOUT)))
                    .toArray(CompletableFuture[]::new)).join();
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private ServiceProcess process(String service, int port, String logName) {
        return new ServiceProcess(service, repoRoot.resolve(service + "-service/target/quarkus-app/quarkus-run.jar"),
                port, dataDir.resolve("logs/" + logName), SERVICE_JVM_OPTIONS);
    }

    private Map<String, String> fullConfig(String service) {
        Map<String, String> config = new HashMap<>(serviceConfig(service));
        config.putAll(extraConfig.getOrDefault(service, Map.of()));
        return config;
    }

    /**
     * Starts one more instance of a service, as a second pod would run: the same configuration (database, broker,
     * consumer group, the extra settings the platform was started with) on another random port, logging to
     * {@code <service>-service-<n>.log}. Returns once it is ready; {@link #close()} stops it if the caller didn't.
     */
    public ServiceProcess startReplica(String service) {
        return startReplica(service, Map.of());
    }

    /** {@link #startReplica(String)} with some settings changed for this instance only (e.g. its rate limits). */
    public ServiceProcess startReplica(String service, Map<String, String> overrides) {
        ServiceProcess replica;
        synchronized (replicas) {
            service(service);
            long same = replicas.stream().filter(r -> r.name().equals(service)).count();
            replica = process(service, InfraPorts.freePorts(1)[0], service + "-service-" + (same + 2) + ".log");
            replicas.add(replica);
        }
        Map<String, String> config = fullConfig(service);
        config.putAll(overrides);
        replica.start(config);
        try {
            replica.awaitReady(READY_TIMEOUT);
        } catch (RuntimeException e) {
            replica.stop();
            throw e;
        }
        return replica;
    }

    /** The configuration one service gets: its database role, the servers, and the other services' URLs. */
    Map<String, String> serviceConfig(String service) {
        Map<String, String> config = new LinkedHashMap<>(infra.serviceConfig(service));
        config.put("quarkus.profile", "local");
        if (service.equals("notification")) {
            String providers = infra.providers().baseUrl();
            config.put("clinic.whatsapp.base-url", providers);
            config.put("clinic.sms.base-url", providers);
            config.put("clinic.content.base-url", "http://localhost:" + ports.content());
            config.put("clinic.opt-out.public-base-url", "http://localhost:" + ports.notification());
        }
        return config;
    }

    public EmbeddedInfra infra() {
        return infra;
    }

    public ServiceProcess service(String name) {
        ServiceProcess process = services.get(name);
        if (process == null) {
            throw new IllegalArgumentException("Unknown service " + name);
        }
        return process;
    }

    /** A staff token signed with the platform's key pair, as the clinic's identity provider would issue. */
    public String staffToken(Duration validFor) {
        return infra.staffKeys().mint("local-staff", List.of("staff"), validFor);
    }

    /**
     * Stops the services and any replicas (in parallel, cleanly), then the servers; once: a second caller (run-local's
     * own exit hook, say) waits until the first is done.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != stopOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException exiting) {
                // the JVM is already exiting: the hook's own run finds this one done
            }
        }
        List<ServiceProcess> all = new ArrayList<>(services.values());
        synchronized (replicas) {
            all.addAll(replicas);
        }
        CompletableFuture.allOf(all.stream()
                .map(p -> CompletableFuture.runAsync(p::stop))
                .toArray(CompletableFuture[]::new)).join();
        infra.close();
    }
}
