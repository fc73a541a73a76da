package hk.clinic.infra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The one test resource every service's {@code @QuarkusTest} uses:
 * {@code @QuarkusTestResource(value = ClinicInfraResource.class, initArgs = @ResourceArg(name = "service", value = "booking"))}.
 * It starts what that service needs once per test JVM (fresh data under {@code target/embedded-infra}, random
 * ports) and hands Quarkus the URLs, the service's own database role and password, and a staff-token key
 * pair: tests mint tokens with SmallRye JWT's {@code Jwt.groups("staff").sign()}.
 */
public class ClinicInfraResource implements QuarkusTestResourceLifecycleManager {

    /**
     * Quarkus may load this class once per class loader when it restarts between test classes, so the running
     * servers are found through a system property (a serialized {@link Properties} string, since libraries
     * such as Narayana copy every system property as a string), not through a static field.
     */
    private static final String SHARED_KEY = "hk.clinic.infra.shared-config";

    private String service = "booking";

    @Override
    public void init(Map<String, String> initArgs) {
        service = initArgs.getOrDefault("service", service);
    }

    @Override
    public Map<String, String> start() {
        return sharedConfig(service);
    }

    @Override
    public void stop() {
        // The servers outlive a single Quarkus start; a shutdown hook stops them when the test JVM exits.
    }

    static Set<EmbeddedInfra.Component> componentsFor(String service) {
        return switch (service) {
            case "content" -> EnumSet.of(EmbeddedInfra.Component.POSTGRES);
            case "booking" -> EnumSet.of(EmbeddedInfra.Component.POSTGRES, EmbeddedInfra.Component.KAFKA);
            default -> EnumSet.allOf(EmbeddedInfra.Component.class);
        };
    }

    private static Map<String, String> sharedConfig(String service) {
        synchronized (System.getProperties()) {
            String shared = System.getProperty(SHARED_KEY + "." + service);
            if (shared != null) {
                return decode(shared);
            }
            Path dataDir = Path.of("target", "embedded-infra").toAbsolutePath();
            EmbeddedInfra.wipe(dataDir);
            StaffKeys keys = StaffKeys.generate();
            EmbeddedInfra infra = EmbeddedInfra.start(dataDir, InfraPorts.random(), componentsFor(service), keys);
            Runtime.getRuntime().addShutdownHook(new Thread(infra::close, "embedded-infra-stop"));
            Map<String, String> config = new HashMap<>(infra.serviceConfig(service));
            // Tests sign their own staff tokens with the private half.
            config.put("smallrye.jwt.sign.key", keys.privateKeyPem());
            config.put("smallrye.jwt.new-token.issuer", StaffKeys.ISSUER);
            config.put("smallrye.jwt.new-token.lifespan", "3600");
            System.setProperty(SHARED_KEY + "." + service, encode(config));
            return Map.copyOf(config);
        }
    }

    private static String encode(Map<String, String> config) {
        Properties p = new Properties();
        p.putAll(config);
        StringWriter out = new StringWriter();
        try {
            p.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static Map<String, String> decode(String encoded) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(encoded));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        p.stringPropertyNames().forEach(k -> config.put(k, p.getProperty(k)));
        return Map.copyOf(config);
    }
}
