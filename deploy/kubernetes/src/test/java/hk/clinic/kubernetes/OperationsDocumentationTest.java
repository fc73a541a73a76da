package hk.clinic.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaResources;

/**
 * What ops must provide is written down: every Secret and ConfigMap the manifests reference but do not contain
 * (and no operator writes) is named in README.md, and so are the operator versions the schemas are pinned to.
 * Metrics are scraped where Quarkus serves them.
 */
class OperationsDocumentationTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyExternalSecretAndConfigMapIsDocumented(String overlay) throws Exception {
        Rendered r = Rendered.of(overlay);
        String readme = Files.readString(Manifests.MODULE.resolve("README.md"));
        Set<String> referenced = new TreeSet<>();
        for (Deployment d : r.all("Deployment", Deployment.class)) {
            Container c = Rendered.container(d);
            for (EnvFromSource from : c.getEnvFrom()) {
                if (from.getConfigMapRef() != null) {
                    referenced.add("ConfigMap " + from.getConfigMapRef().getName());
                }
                if (from.getSecretRef() != null) {
                    referenced.add("Secret " + from.getSecretRef().getName());
                }
            }
            for (EnvVar e : c.getEnv()) {
                if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                    referenced.add("Secret " + e.getValueFrom().getSecretKeyRef().getName());
                }
                if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                    referenced.add("ConfigMap " + e.getValueFrom().getConfigMapKeyRef().getName());
                }
            }
            for (Volume v : d.getSpec().getTemplate().getSpec().getVolumes()) {
                if (v.getSecret() != null) {
                    referenced.add("Secret " + v.getSecret().getSecretName());
                }
                if (v.getConfigMap() != null) {
                    referenced.add("ConfigMap " + v.getConfigMap().getName());
                }
            }
        }
        for (Ingress ing : r.all("Ingress", Ingress.class)) {
            ing.getSpec().getTls().stream().map(IngressTLS::getSecretName).forEach(s -> referenced.add("Secret " + s));
        }
        for (JsonNode cluster : Manifests.ofKind(r.objects, "Cluster")) {
            cluster.path("spec").path("managed").path("roles")
                    .forEach(role -> referenced.add("Secret " + role.path("passwordSecret").path("name").asText()));
        }

        Set<String> provided = new TreeSet<>();
        r.objects.forEach(o -> provided.add(Manifests.kind(o) + " " + Manifests.name(o)));
        // Written by Strimzi: one Secret per KafkaUser and the cluster CA certificate.
        Manifests.ofKind(r.objects, "KafkaUser").forEach(u -> provided.add("Secret " + Manifests.name(u)));
        r.all("Kafka", Kafka.class).forEach(k -> provided.add("Secret " + KafkaResources.clusterCaCertificateSecretName(k.getMetadata().getName())));

        List<String> undocumented = new ArrayList<>();
        for (String ref : referenced) {
            String name = ref.substring(ref.indexOf(' ') + 1);
            if (!provided.contains(ref) && !readme.contains("`" + name + "`")) {
                undocumented.add(ref);
            }
        }
        assertEquals(List.of(), undocumented, "references ops must create, missing from README.md");
    }

    @Test
    void theReadmeNamesTheOperatorVersionsTheSchemasArePinnedTo() throws Exception {
        String readme = Files.readString(Manifests.MODULE.resolve("README.md"));
        String pom = Files.readString(Manifests.MODULE.resolve("pom.xml"));
        Matcher strimzi = Pattern.compile("<strimzi-api.version>([^<]+)</strimzi-api.version>").matcher(pom);
        assertTrue(strimzi.find());
        assertTrue(readme.contains("Strimzi " + strimzi.group(1)), "README should install Strimzi " + strimzi.group(1));
        assertTrue(readme.contains("CloudNativePG 1.27"), "README should install CloudNativePG 1.27 (the version of the vendored schemas)");
        assertTrue(readme.contains("kubectl apply -k overlays/prod") || readme.contains("kubectl apply --server-side -k overlays/prod"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void metricsAreScrapedWhereQuarkusServesThem(String overlay) {
        Rendered r = Rendered.of(overlay);
        List<ServiceMonitor> monitors = r.all("ServiceMonitor", ServiceMonitor.class);
        for (ServiceConfig svc : ServiceConfig.all()) {
            Deployment d = r.deployment(svc.name());
            var annotations = d.getSpec().getTemplate().getMetadata().getAnnotations();
            assertEquals("/q/metrics", annotations.get("prometheus.io/path"));
            assertEquals(svc.effective("quarkus.http.port", r.configMapData(d)), annotations.get("prometheus.io/port"));
            if (overlay.equals("prod")) {
                Service service = r.one("Service", svc.name(), Service.class);
                ServiceMonitor sm = monitors.stream().filter(m -> selects(m, service)).findFirst()
                        .orElseThrow(() -> new AssertionError("no ServiceMonitor selects " + svc.name()));
                Endpoint e = sm.getSpec().getEndpoints().get(0);
                assertEquals("/q/metrics", e.getPath());
                assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> p.getName().equals(e.getPort())), "no Service port " + e.getPort());
            }
        }
    }

    private static boolean selects(ServiceMonitor m, Service s) {
        var labels = s.getMetadata().getLabels();
        var selector = m.getSpec().getSelector();
        boolean matchLabels = labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
        boolean matchExpressions = selector.getMatchExpressions().stream().allMatch(x -> switch (x.getOperator()) {
            case "In" -> x.getValues().contains(labels.get(x.getKey()));
            case "Exists" -> labels.containsKey(x.getKey());
            default -> throw new AssertionError("operator " + x.getOperator() + " not modelled");
        });
        return matchLabels && matchExpressions;
    }
}
