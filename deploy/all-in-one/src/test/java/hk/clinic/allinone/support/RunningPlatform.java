package hk.clinic.allinone.support;

import hk.clinic.allinone.Platform;
import hk.clinic.infra.EmbeddedInfra;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.util.Map;

/**
 * Starts the whole platform once for every system test in this JVM (the packaged services on random ports,
 * data under target/system-tests), and stops it when the JVM's test run ends.
 * Use with {@code @ExtendWith(RunningPlatform.class)} and {@link #platform()}.
 */
public final class RunningPlatform implements BeforeAllCallback {

    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static Platform platform;

    /**
     * Test-only settings: the public rate limits raised (journeys register from one address), and no quiet
     * hours, so that a run at night in Hong Kong sends WhatsApp at once (quiet hours have their own tests).
     * Provider calls give up after 1 s + 3 s and the mailer after 3 s, so the send lease can be 5 s (it must
     * outlast the longest call): a message in flight at a SIGKILL is retried seconds later, not minutes. A transient
     * failure is retried after 5 s, doubling (30 s in production): the outage and timeout tests wait for retries.
     */
    static final Map<String, Map<String, String>> SYSTEM_TEST_CONFIG = Map.of(
            "booking", Map.of("clinic.rate-limit.per-address", "10000", "clinic.rate-limit.per-phone", "100"),
            "notification", Map.of("clinic.quiet-hours.start", "00:00", "clinic.quiet-hours.end", "00:00",
                    "clinic.delivery.provider-connect-timeout", "PT1S", "clinic.delivery.provider-read-timeout", "PT3S",
                    "quarkus.mailer.timeout", "3s", "clinic.delivery.lease", "PT5S",
                    "clinic.delivery.backoff", "PT5S"));

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (platform == null) {
            Path dataDir = Path.of("target/system-tests").toAbsolutePath();
            EmbeddedInfra.wipe(dataDir);
            platform = Platform.start(REPO, dataDir, Platform.Ports.random(), SYSTEM_TEST_CONFIG);
            // The root store closes AutoCloseable values when the whole test run ends.
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(RunningPlatform.class, platform);
        }
    }

    public static synchronized Platform platform() {
        if (platform == null) {
            throw new IllegalStateException("Annotate the test class with @ExtendWith(RunningPlatform.class)");
        }
        return platform;
    }
}
