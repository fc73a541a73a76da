package hk.clinic.allinone;

import hk.clinic.infra.EmbeddedInfra;
import hk.clinic.infra.InfraPorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * {@code ./run-local.sh}: the platform on the ports of ARCHITECTURE.md with data under {@code .local-data/}
 * (kept across runs; {@code --fresh} wipes it). Ctrl-C stops everything.
 */
public final class LocalPlatform {

    private LocalPlatform() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path root = Path.of("").toAbsolutePath();
        boolean fresh = false;
        for (String arg : args) {
            switch (arg) {
                case "--fresh" -> fresh = true;
                case "-h", "--help" -> {
                    System.out.println("usage: ./run-local.sh [--fresh]   (--fresh wipes .local-data first)");
                    return;
                }
                default -> {
                    System.err.println("Unknown option " + arg + "; usage: ./run-local.sh [--fresh]");
                    System.exit(2);
                }
            }
        }
        Platform.Ports ports = Platform.Ports.LOCAL;
        try {
            ports.requireFree();
        } catch (InfraPorts.PortInUseException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
        Path dataDir = root.resolve(".local-data");
        if (fresh) {
            EmbeddedInfra.wipe(dataDir);
        }
        logToFile(dataDir.resolve("logs/infra.log"));
        System.out.println("Starting PostgreSQL, Kafka, SMTP, the provider stub and the three services ...");
        long started = System.nanoTime();
        Platform platform;
        try {
            platform = Platform.start(root, dataDir, ports, Map.of());
        } catch (RuntimeException e) {
            System.err.println("The platform did not start: " + e.getMessage());
            System.err.println("Logs are in " + dataDir.resolve("logs"));
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the services and servers ...");
            platform.close();
            System.out.println("Stopped.");
            stopped.countDown();
        }, "platform-stop"));
        printWelcome(platform, ports, dataDir, Duration.ofNanos(System.nanoTime() - started));
        stopped.await();
    }

    private static void printWelcome(Platform platform, Platform.Ports ports, Path dataDir, Duration took) {
        String token = platform.staffToken(Duration.ofHours(12));
        System.out.printf("""

                Clinic platform ready in %.1f s. Ctrl-C stops everything; data stays in %s (--fresh wipes it).

                  booking-service       http://localhost:%d   Swagger UI http://localhost:%d/q/swagger-ui
                  content-service       http://localhost:%d   Swagger UI http://localhost:%d/q/swagger-ui
                  notification-service  http://localhost:%d   Swagger UI http://localhost:%d/q/swagger-ui

                  PostgreSQL   jdbc:postgresql://localhost:%d/clinic   (user postgres, no password, loopback only)
                  Kafka        localhost:%d                            (topic booking.registrations)
                  SMTP         localhost:%d; mail received: http://localhost:%d/api/messages
                  Providers    http://localhost:%d (WireMock: WhatsApp and SMS stubs; requests at /__admin/requests)
                  Logs         %s

                Staff token (12 h), for the /api/v1/staff/... operations:
                  export STAFF_TOKEN=%s
                """,
                took.toMillis() / 1000.0, dataDir,
                ports.booking(), ports.booking(), ports.content(), ports.content(),
                ports.notification(), ports.notification(),
                ports.infra().postgres(), ports.infra().kafka(), ports.infra().smtp(), ports.infra().mailApi(),
                ports.infra().wiremock(), dataDir.resolve("logs"), token);
    }

    /** The servers' own chatter goes to a file; the console keeps only what a person must see. */
    private static void logToFile(Path file) {
        try {
            Files.createDirectories(file.getParent());
            LogManager.getLogManager().reset();
            Logger root = Logger.getLogger("");
            root.setLevel(Level.INFO);
            FileHandler handler = new FileHandler(file.toString(), true);
            handler.setFormatter(new SimpleFormatter());
            root.addHandler(handler);
            ConsoleHandler console = new ConsoleHandler();
            console.setLevel(Level.SEVERE);
            root.addHandler(console);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
