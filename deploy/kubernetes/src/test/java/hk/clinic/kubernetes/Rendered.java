package hk.clinic.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** One overlay's objects as typed models (the schema tests make sure they parse strictly). */
final class Rendered {

    private static final ObjectMapper MAPPER = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    final String overlay;
    final List<ObjectNode> objects;

    private Rendered(String overlay, List<ObjectNode> objects) {
        this.overlay = overlay;
        this.objects = objects;
    }

    static Rendered of(String overlay) {
        return new Rendered(overlay, Manifests.overlay(overlay));
    }

    <T> List<T> all(String kind, Class<T> type) {
        return Manifests.ofKind(objects, kind).stream().map(o -> convert(o, type)).toList();
    }

    <T> Optional<T> find(String kind, String name, Class<T> type) {
        return Manifests.ofKind(objects, kind).stream().filter(o -> name.equals(Manifests.name(o)))
                .findFirst().map(o -> convert(o, type));
    }

    <T> T one(String kind, String name, Class<T> type) {
        return find(kind, name, type).orElseThrow(() -> new AssertionError(overlay + ": no " + kind + " named " + name));
    }

    Deployment deployment(String name) {
        return one("Deployment", name, Deployment.class);
    }

    static Container container(Deployment d) {
        List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
        if (containers.size() != 1) {
            throw new AssertionError(d.getMetadata().getName() + " should run exactly one container");
        }
        return containers.get(0);
    }

    /** The ConfigMap data a container gets through envFrom, plus its literal env values. */
    Map<String, String> environment(Deployment d) {
        Map<String, String> env = new TreeMap<>();
        Container c = container(d);
        for (EnvFromSource from : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                ConfigMap cm = one("ConfigMap", from.getConfigMapRef().getName(), ConfigMap.class);
                env.putAll(cm.getData());
            }
        }
        for (EnvVar v : c.getEnv()) {
            if (v.getValue() != null) {
                env.put(v.getName(), v.getValue());
            }
        }
        return env;
    }

    /** The ConfigMap data only (what must be Quarkus or Kafka client properties). */
    Map<String, String> configMapData(Deployment d) {
        Map<String, String> data = new TreeMap<>();
        for (EnvFromSource from : container(d).getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                data.putAll(one("ConfigMap", from.getConfigMapRef().getName(), ConfigMap.class).getData());
            }
        }
        return data;
    }

    static <T> T convert(Object node, Class<T> type) {
        return MAPPER.convertValue(node, type);
    }
}
