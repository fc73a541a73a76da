package hk.clinic.infra;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Properties;

/**
 * A real single-node Kafka broker in KRaft mode, in this JVM: the log directory is formatted once with
 * {@link StorageTool} (kept across restarts), then {@link KafkaRaftServer} serves it.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String CLUSTER_ID = "Y2xpbmljLWxvY2FsLWthZg";

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private volatile KafkaRaftServer server;

    private KafkaBroker(Path logDir, int port, int controllerPort) {
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public static KafkaBroker start(Path logDir, int port, int controllerPort) {
        KafkaBroker broker = new KafkaBroker(logDir, port, controllerPort);
        broker.startServer();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public boolean isRunning() {
        return server != null;
    }

    /** Starts the broker again on the same ports and data, after {@link #stop()} (fault tests). */
    public synchronized void startServer() {
        if (server != null) {
            return;
        }
        try {
            Files.createDirectories(logDir);
            Path config = logDir.resolveSibling(logDir.getFileName() + ".properties");
            Properties props = brokerProperties();
            try (var out = Files.newBufferedWriter(config)) {
                props.store(out, "embedded-infra Kafka broker");
            }
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(config);
            }
            KafkaRaftServer raft = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            raft.startup();
            server = raft;
            awaitListening(Duration.ofSeconds(30));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the topics that do not exist yet (replication 1: a single broker). */
    public void createTopics(List<String> names, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = names.stream().filter(n -> !existing.contains(n))
                    .map(n -> new NewTopic(n, partitions, (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create topics " + names, e);
        }
    }

    /** Stops the broker but keeps its data; {@link #startServer()} brings it back. */
    public synchronized void stop() {
        KafkaRaftServer raft = server;
        if (raft != null) {
            server = null;
            raft.shutdown();
            raft.awaitShutdown();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private Properties brokerProperties() {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", logDir.toAbsolutePath().toString()),
                Map.entry("num.partitions", "3"),
                Map.entry("auto.create.topics.enable", "true"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "3"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "3"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("log.flush.interval.messages", "1"),
                Map.entry("log.segment.bytes", String.valueOf(16 * 1024 * 1024))));
        return p;
    }

    private void format(Path config) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            int exit = StorageTool.execute(new String[] {
                    "format", "--cluster-id", CLUSTER_ID, "--config", config.toString(), "--ignore-formatted"}, out);
            if (exit != 0) {
                throw new IllegalStateException("kafka-storage format failed: " + buffer.toString(StandardCharsets.UTF_8));
            }
        } catch (Exception e) {
            throw new IllegalStateException("kafka-storage format failed: " + buffer.toString(StandardCharsets.UTF_8), e);
        }
    }

    private void awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("Kafka did not listen on port " + port + " within " + timeout);
    }
}
