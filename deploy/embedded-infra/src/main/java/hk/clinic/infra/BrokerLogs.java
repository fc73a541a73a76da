package hk.clinic.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Sends the in-process broker's log to a file, not to the console of the JVM that hosts it. Works through
 * java.util.logging, which both backends that host the broker implement: the JDK's (standalone main,
 * via slf4j-jdk14) and JBoss LogManager (inside a Quarkus test JVM, via slf4j-jboss-logmanager).
 */
final class BrokerLogs {

    /** Broker-side packages only: a service's own Kafka clients keep logging where the service logs. */
    private static final List<String> BROKER_LOGGERS = List.of(
            "kafka", "state.change.logger", "org.apache.kafka.controller", "org.apache.kafka.raft",
            "org.apache.kafka.metadata", "org.apache.kafka.image", "org.apache.kafka.storage",
            "org.apache.kafka.server", "org.apache.kafka.coordinator", "org.apache.kafka.snapshot",
            "org.apache.kafka.queue", "org.apache.kafka.security", "org.apache.kafka.network");

    // Held so the loggers configured here are not garbage collected with their handler.
    private static final List<Logger> CONFIGURED = new java.util.ArrayList<>();
    private static FileHandler handler;

    private BrokerLogs() {
    }

    static synchronized void toFile(Path file) {
        if (handler != null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            handler = new FileHandler(file.toString(), true);
            handler.setFormatter(new SimpleFormatter());
            handler.setLevel(Level.INFO);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String name : BROKER_LOGGERS) {
            Logger logger = Logger.getLogger(name);
            logger.setUseParentHandlers(false);
            logger.setLevel(Level.INFO);
            logger.addHandler(handler);
            CONFIGURED.add(logger);
        }
    }
}
