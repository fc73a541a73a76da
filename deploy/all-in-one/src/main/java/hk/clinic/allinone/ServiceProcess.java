package hk.clinic.allinone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service's packaged app (target/quarkus-app) running as a child JVM, as it runs in production. */
public final class ServiceProcess {

    /** Extra JVM options for every service (system property platform.extra-jvm-options, the bench's BENCH_JVM_OPTIONS). */
    public static List<String> extraJvmOptions() {
        String extra = System.getProperty("platform.extra-jvm-options", "").trim();
        return extra.isEmpty() ? List.of() : List.of(extra.split("\\s+"));
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final Path logFile;
    private final List<String> jvmOptions;
    private Process process;
    private Map<String, String> config = Map.of();

    ServiceProcess(String name, Path jar, int port, Path logFile, List<String> jvmOptions) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.logFile = logFile;
        this.jvmOptions = jvmOptions;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public Path logFile() {
        return logFile;
    }

    /** The child JVM's process id (e.g. to read its memory from /proc); fails if it was never started. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Starts the app with the given configuration (passed as system properties, which outrank its own). */
    public synchronized void start(Map<String, String> config) {
        this.config = Map.copyOf(config);
        launch(ProcessHandle.current().info().command().orElse("java"), jvmOptions, true);
    }

    /**
     * Starts it again with the configuration it had, on another JVM ({@code java}, e.g. a JDK 25 for its AOT cache)
     * with these options after the usual ones, and without the class-data archive the build's JVM wrote.
     */
    public synchronized void startOn(String java, List<String> options) {
        List<String> all = new ArrayList<>(jvmOptions);
        all.addAll(options);
        launch(java, all, false);
    }

    private void launch(String java, List<String> options, boolean appCds) {
        if (isAlive()) {
            return;
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not built: " + jar + " is missing (run ./mvnw package -DskipTests)");
        }
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(options);
        // The class-data archive the build wrote next to the jar (quarkus.package.jar.appcds.enabled): the classes
        // it lists are mapped instead of loaded and verified, which is most of a start on two CPUs. A JVM other than
        // the one that wrote it warns and starts without it.
        // The archive records the class path as the build ran it (-jar quarkus-run.jar in target/quarkus-app), and the
        // JVM ignores it unless the app runs the same way, hence the working directory and relative paths.
        if (appCds && Files.isRegularFile(jar.resolveSibling("app-cds.jsa"))) {
            command.add("-XX:SharedArchiveFile=app-cds.jsa");
        }
        // For experiments (the bench's BENCH_JVM_OPTIONS): later options win over the defaults above.
        command.addAll(extraJvmOptions());
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-Dquarkus.http.port=" + port);
        command.add("-jar");
        command.add(jar.getFileName().toString());
        try {
            Files.createDirectories(logFile.getParent());
            process = new ProcessBuilder(command)
                    .directory(jar.toAbsolutePath().getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
    }

    /** Starts it again with the configuration it had (after {@link #stop()} or {@link #kill()}). */
    public void restart() {
        start(config);
    }

    /** Waits for readiness (database and Kafka reachable); fails early, with the log's tail, if the process dies. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; last log lines:\n" + logTail(30));
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
            sleep(100);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; last log lines:\n" + logTail(30));
    }

    /** SIGTERM: the app finishes in-flight work and shuts down cleanly; SIGKILL only if it hangs. */
    public void stop() {
        stop(Duration.ofSeconds(30));
    }

    /** As {@link #stop()}, waiting up to {@code grace} (a JVM writing its AOT cache at exit takes a while). */
    public synchronized void stop(Duration grace) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL, as a crash would: for fault tests. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.exists(logFile) ? Files.readAllLines(logFile) : List.of();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
