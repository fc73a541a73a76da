package hk.clinic.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

/**
 * Checks objects against the schemas of pinned versions, unknown fields rejected:
 * <ul>
 * <li>Kubernetes kinds and the Prometheus Operator's ServiceMonitor: the Fabric8 model (version managed by the
 * Quarkus BOM);</li>
 * <li>Strimzi's kinds: Strimzi's own typed API model ({@code io.strimzi:api}, the operator version of the README);</li>
 * <li>CloudNativePG's kinds: CloudNativePG publishes no Java model or schema package on Maven Central or npm, so
 * strict JSON Schemas in {@code src/test/resources/schemas/cnpg/} describe exactly the fields these manifests
 * use, with their CloudNativePG API names and types (to be extended when a manifest uses a new field).</li>
 * </ul>
 * Both Java models keep unknown fields in an "additional properties" map instead of failing; the mapper here
 * ignores those catch-alls, so an unknown field is an error that names its path.
 */
final class StrictSchemas {

    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class));

    private static final Map<String, String> JSON_SCHEMAS = Map.of(
            "postgresql.cnpg.io/v1/Cluster", "/schemas/cnpg/cluster.schema.json",
            "postgresql.cnpg.io/v1/Database", "/schemas/cnpg/database.schema.json");

    /**
     * Strict: unknown properties fail, whatever catch-all the model classes declare; and, as the API server
     * does, a number or boolean is no string (an unquoted {@code "8080"} in a ConfigMap) and a string no number.
     */
    static final ObjectMapper STRICT = strictMapper();

    private static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                    return Boolean.FALSE;
                }

                // Strimzi's model serves several API versions: a field absent from kafka.strimzi.io/v1 is unknown here.
                @Override
                public boolean hasIgnoreMarker(AnnotatedMember m) {
                    return !presentInV1(m) || super.hasIgnoreMarker(m);
                }

                @Override
                public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated a) {
                    return super.findPropertyIgnoralByName(config, a).withoutIgnoreUnknown();
                }
            })
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        return mapper;
    }

    /** Strimzi marks each field with the API versions that have it, e.g. "v1beta2" (gone in v1) or "v1beta2+". */
    private static boolean presentInV1(AnnotatedMember m) {
        java.lang.reflect.AnnotatedElement element = m.getAnnotated();
        if (element == null) {
            return true;
        }
        for (java.lang.annotation.Annotation a : element.getAnnotations()) {
            if (a.annotationType().getName().equals("io.strimzi.crdgenerator.annotations.PresentInVersions")) {
                try {
                    String versions = (String) a.annotationType().getMethod("value").invoke(a);
                    return versions.endsWith("+") || versions.equals("v1") || versions.endsWith("-v1");
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return true;
    }

    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private StrictSchemas() {
    }

    static Set<String> knownKinds() {
        Set<String> all = new java.util.TreeSet<>(MODELS.keySet());
        all.addAll(JSON_SCHEMAS.keySet());
        return all;
    }

    /** The problems of one object; empty when it matches its schema. */
    static List<String> violations(JsonNode object) {
        String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        String id = Manifests.id(object);
        List<String> problems = new ArrayList<>();
        Class<?> model = MODELS.get(type);
        String schema = JSON_SCHEMAS.get(type);
        if (model == null && schema == null) {
            problems.add(id + ": no pinned schema for " + type + " (known: " + knownKinds() + ")");
            return problems;
        }
        if (model != null) {
            try {
                STRICT.treeToValue(object, model);
            } catch (JsonMappingException e) {
                problems.add(id + ": " + e.getOriginalMessage() + " at " + e.getPathReference());
            } catch (IOException e) {
                problems.add(id + ": " + e.getMessage());
            }
            return problems;
        }
        try {
            STRICT.treeToValue(object.path("metadata"), ObjectMeta.class);
        } catch (JsonMappingException e) {
            problems.add(id + ": metadata: " + e.getOriginalMessage() + " at " + e.getPathReference());
        } catch (IOException e) {
            problems.add(id + ": " + e.getMessage());
        }
        for (ValidationMessage m : jsonSchema(schema).validate(object)) {
            problems.add(id + ": " + m.getMessage());
        }
        return problems;
    }

    private static final Map<String, JsonSchema> LOADED = new java.util.concurrent.ConcurrentHashMap<>();

    private static JsonSchema jsonSchema(String resource) {
        return LOADED.computeIfAbsent(resource, r -> {
            try (InputStream in = StrictSchemas.class.getResourceAsStream(r)) {
                if (in == null) {
                    throw new AssertionError("missing schema resource " + r);
                }
                return SCHEMAS.getSchema(in);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
