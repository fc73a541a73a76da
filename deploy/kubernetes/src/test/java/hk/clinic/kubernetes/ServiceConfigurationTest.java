package hk.clinic.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaResources;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;

/**
 * The manifests against each service's application.properties, read at test time: ConfigMap keys are
 * properties the service reads, every local-only value is overridden, and ports, JWT key path, database,
 * Kafka address, credentials and topics line up with the service's configuration.
 */
class ServiceConfigurationTest {

    /** Kafka client settings Quarkus accepts as KAFKA_* variables (it lower-cases them and turns _ into .). */
    private static final Set<String> KAFKA_CLIENT_SETTINGS = new HashSet<>();

    static {
        KAFKA_CLIENT_SETTINGS.addAll(ProducerConfig.configNames());
        KAFKA_CLIENT_SETTINGS.addAll(ConsumerConfig.configNames());
        KAFKA_CLIENT_SETTINGS.addAll(AdminClientConfig.configNames());
    }

    static Stream<Arguments> overlaysAndServices() {
        return WorkloadRulesTest.overlaysAndServices();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlaysAndServices")
    void everyConfigMapKeyIsAPropertyTheServiceReads(String overlay, String module) {
        ServiceConfig svc = ServiceConfig.load(module);
        Rendered r = Rendered.of(overlay);
        Set<String> known = new TreeSet<>();
        svc.allKeys().forEach(k -> known.add(ServiceConfig.envForm(k)));
        List<String> unknown = new ArrayList<>();
        for (String key : r.configMapData(r.deployment(svc.name())).keySet()) {
            if (key.startsWith("KAFKA_")) {
                String setting = key.substring("KAFKA_".length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.');
                if (!svc.usesKafka() || !KAFKA_CLIENT_SETTINGS.contains(setting)) {
                    unknown.add(key + (svc.usesKafka() ? " (no Kafka client setting " + setting + ")" : " (the service has no Kafka channel)"));
                }
            } else if (!known.contains(key)) {
                unknown.add(key + " (not a property of " + module + "/src/main/resources/application.properties)");
            }
        }
        assertEquals(List.of(), unknown, "ConfigMap keys " + module + " never reads");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlaysAndServices")
    void everyLocalOnlyValueIsOverridden(String overlay, String module) {
        ServiceConfig svc = ServiceConfig.load(module);
        Rendered r = Rendered.of(overlay);
        Map<String, String> cm = r.configMapData(r.deployment(svc.name()));
        List<String> missing = svc.localOnlyKeys().stream().filter(k -> !cm.containsKey(ServiceConfig.envForm(k)))
                .map(k -> ServiceConfig.envForm(k) + " (" + k + "=" + svc.properties().get(k) + ")").toList();
        assertEquals(List.of(), missing, "values that would point a pod at itself");
        cm.forEach((k, v) -> assertFalse(v.contains("localhost") || v.contains("127.0.0.1"), k + "=" + v));
        assertEquals("8080", cm.get("QUARKUS_HTTP_PORT"), "in a container the service listens on 8080");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlaysAndServices")
    void theJwtPublicKeyIsMountedWhereTheServiceReadsIt(String overlay, String module) {
        ServiceConfig svc = ServiceConfig.load(module);
        Rendered r = Rendered.of(overlay);
        Deployment d = r.deployment(svc.name());
        Map<String, String> env = r.environment(d);
        String raw = svc.required("mp.jwt.verify.publickey.location");
        String location = env.containsKey("MP_JWT_VERIFY_PUBLICKEY_LOCATION") ? env.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION")
                : raw.startsWith("${") ? env.getOrDefault(raw.substring(2, raw.indexOf(':')), ServiceConfig.defaultOf(raw))
                        : raw;
        assertTrue(mountedFiles(d).contains(location), location + " is not mounted; mounted: " + mountedFiles(d));
        assertNotNull(svc.effective("mp.jwt.verify.issuer", r.configMapData(d)));
    }

    /** Files a container sees from configMap and secret volumes that project explicit items. */
    static Set<String> mountedFiles(Deployment d) {
        Set<String> files = new TreeSet<>();
        Container c = Rendered.container(d);
        for (VolumeMount m : c.getVolumeMounts()) {
            Volume v = d.getSpec().getTemplate().getSpec().getVolumes().stream().filter(x -> x.getName().equals(m.getName()))
                    .findFirst().orElseThrow(() -> new AssertionError("mount of an undeclared volume " + m.getName()));
            List<KeyToPath> items = v.getConfigMap() != null ? v.getConfigMap().getItems()
                    : v.getSecret() != null ? v.getSecret().getItems() : List.of();
            for (KeyToPath item : items) {
                files.add(m.getSubPath() != null ? m.getMountPath() : m.getMountPath() + "/" + item.getPath());
            }
        }
        return files;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlaysAndServices")
    void theDatabaseRoleSchemaAndPasswordLineUp(String overlay, String module) {
        ServiceConfig svc = ServiceConfig.load(module);
        Rendered r = Rendered.of(overlay);
        Deployment d = r.deployment(svc.name());
        Map<String, String> cm = r.configMapData(d);

        JsonNode cluster = single(r, "Cluster");
        JsonNode database = single(r, "Database");
        String clusterName = Manifests.name(cluster);

        URI jdbc = URI.create(svc.effective("quarkus.datasource.jdbc.url", cm).substring("jdbc:".length()));
        assertEquals(clusterName + "-rw", jdbc.getHost(), "connect to the primary through CloudNativePG's -rw Service");
        assertEquals(5432, jdbc.getPort());
        String dbName = jdbc.getPath().substring(1);
        assertEquals(database.path("spec").path("name").asText(), dbName, "database name");
        assertEquals(clusterName, database.path("spec").path("cluster").path("name").asText());
        assertEquals(dbName, cluster.path("spec").path("bootstrap").path("initdb").path("database").asText());

        String user = svc.effective("quarkus.datasource.username", cm);
        JsonNode role = find(cluster.path("spec").path("managed").path("roles"), "name", user)
                .orElseThrow(() -> new AssertionError("no managed role " + user + " in Cluster " + clusterName));
        assertTrue(role.path("login").asBoolean(), "role " + user + " cannot log in");
        assertFalse(role.path("superuser").asBoolean(false), "role " + user + " is a superuser");
        String passwordSecret = role.path("passwordSecret").path("name").asText();
        assertFalse(passwordSecret.isEmpty(), "role " + user + " has no password Secret");
        EnvVar password = env(d, "QUARKUS_DATASOURCE_PASSWORD");
        assertEquals(passwordSecret, password.getValueFrom().getSecretKeyRef().getName(), "the pod's password is the role's");
        assertEquals("password", password.getValueFrom().getSecretKeyRef().getKey());

        // Its own schema, owned by its own role; and that role owns no other service's schema.
        Set<String> schemas = new TreeSet<>(List.of(svc.required("quarkus.flyway.schemas").split(",")));
        Optional.ofNullable(svc.properties().get("quarkus.hibernate-orm.database.default-schema")).ifPresent(schemas::add);
        for (String schema : schemas) {
            JsonNode s = find(database.path("spec").path("schemas"), "name", schema)
                    .orElseThrow(() -> new AssertionError("no schema " + schema + " in Database " + Manifests.name(database)));
            assertEquals(user, s.path("owner").asText(), "owner of schema " + schema);
        }
        database.path("spec").path("schemas").forEach(s -> {
            if (user.equals(s.path("owner").asText())) {
                assertTrue(schemas.contains(s.path("name").asText()), user + " also owns schema " + s.path("name").asText());
            }
        });
        assertEquals("false", svc.required("quarkus.flyway.create-schemas"), "schemas are created by the Database resource");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlaysAndServices")
    void kafkaAddressCredentialsAndTopicsLineUp(String overlay, String module) {
        ServiceConfig svc = ServiceConfig.load(module);
        Rendered r = Rendered.of(overlay);
        Deployment d = r.deployment(svc.name());
        Map<String, String> cm = r.configMapData(d);
        if (!svc.usesKafka()) {
            assertTrue(cm.keySet().stream().noneMatch(k -> k.startsWith("KAFKA_")), module + " has no Kafka channel");
            assertTrue(r.find("KafkaUser", svc.name(), Object.class).isEmpty(), module + " needs no Kafka user");
            return;
        }
        List<Kafka> kafkas = r.all("Kafka", Kafka.class);
        assertEquals(1, kafkas.size());
        Kafka kafka = kafkas.get(0);
        String[] bootstrap = svc.effective("kafka.bootstrap.servers", cm).split(":");
        assertEquals(KafkaResources.bootstrapServiceName(kafka.getMetadata().getName()), bootstrap[0], "bootstrap Service");
        GenericKafkaListener listener = kafka.getSpec().getKafka().getListeners().stream()
                .filter(l -> l.getPort() == Integer.parseInt(bootstrap[1])).findFirst()
                .orElseThrow(() -> new AssertionError("no listener on port " + bootstrap[1]));
        assertTrue(listener.isTls(), "the listener the services use should be TLS");
        assertTrue(listener.getAuth() instanceof KafkaListenerAuthenticationScramSha512, "SCRAM-SHA-512 listener expected");
        assertEquals("SASL_SSL", cm.get("KAFKA_SECURITY_PROTOCOL"));
        assertEquals("SCRAM-SHA-512", cm.get("KAFKA_SASL_MECHANISM"));

        // The credentials Strimzi's User Operator writes for this service's KafkaUser, and the cluster CA.
        EnvVar jaas = env(d, "KAFKA_SASL_JAAS_CONFIG");
        assertEquals(svc.name(), jaas.getValueFrom().getSecretKeyRef().getName(), "the KafkaUser's Secret");
        assertEquals("sasl.jaas.config", jaas.getValueFrom().getSecretKeyRef().getKey());
        assertTrue(r.find("KafkaUser", svc.name(), Object.class).isPresent(), "no KafkaUser " + svc.name());
        String caSecret = KafkaResources.clusterCaCertificateSecretName(kafka.getMetadata().getName());
        Volume ca = d.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getSecret() != null && caSecret.equals(v.getSecret().getSecretName())).findFirst()
                .orElseThrow(() -> new AssertionError("the cluster CA Secret " + caSecret + " is not mounted"));
        assertTrue(mountedFiles(d).contains(cm.get("KAFKA_SSL_TRUSTSTORE_LOCATION")), "truststore file not mounted from " + ca.getName());
        assertEquals("PEM", cm.get("KAFKA_SSL_TRUSTSTORE_TYPE"));

        // Topic names in the ConfigMap repeat the service's own, never differ from them.
        for (String direction : List.of("incoming", "outgoing")) {
            for (String channel : svc.kafkaChannels(direction)) {
                for (String attribute : List.of("topic", "dead-letter-queue.topic", "group.id")) {
                    String key = "mp.messaging." + direction + "." + channel + "." + attribute;
                    String inConfigMap = cm.get(ServiceConfig.envForm(key));
                    if (inConfigMap != null) {
                        assertEquals(svc.properties().get(key), inConfigMap, key + " differs from the service's configuration");
                    }
                }
            }
        }
    }

    static EnvVar env(Deployment d, String name) {
        return Rendered.container(d).getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(d.getMetadata().getName() + " has no env " + name));
    }

    static JsonNode single(Rendered r, String kind) {
        var all = Manifests.ofKind(r.objects, kind);
        assertEquals(1, all.size(), "one " + kind + " expected");
        return all.get(0);
    }

    static Optional<JsonNode> find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(field).asText())) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }
}
