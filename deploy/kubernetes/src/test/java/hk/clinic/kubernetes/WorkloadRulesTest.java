package hk.clinic.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/** Our own rules for every workload: probes, sizes, least privilege, and the wiring between the objects. */
class WorkloadRulesTest {

    static Stream<Arguments> overlaysAndServices() {
        return Manifests.OVERLAY_NAMES.stream()
                .flatMap(o -> ServiceConfig.MODULES.stream().map(m -> Arguments.of(o, m)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlaysAndServices")
    void probesOnTheQuarkusHealthEndpointsOfTheServicePort(String overlay, String module) {
        ServiceConfig svc = ServiceConfig.load(module);
        Rendered r = Rendered.of(overlay);
        Deployment d = r.deployment(svc.name());
        Container c = Rendered.container(d);
        int port = Integer.parseInt(svc.effective("quarkus.http.port", r.configMapData(d)));

        assertProbe(c, c.getStartupProbe(), "/q/health/started", port, "startupProbe");
        assertProbe(c, c.getLivenessProbe(), "/q/health/live", port, "livenessProbe");
        assertProbe(c, c.getReadinessProbe(), "/q/health/ready", port, "readinessProbe");
        // Liveness must not kill a pod that is still starting: the startup probe covers the slow start.
        Probe s = c.getStartupProbe();
        assertTrue(s.getPeriodSeconds() * s.getFailureThreshold() >= 60, "startup budget under a minute");
    }

    private static void assertProbe(Container c, Probe probe, String path, int port, String what) {
        assertNotNull(probe, c.getName() + " has no " + what);
        assertNotNull(probe.getHttpGet(), what + " should be an HTTP GET");
        assertEquals(path, probe.getHttpGet().getPath(), what + " path");
        assertEquals(port, resolvePort(c, probe.getHttpGet().getPort().getIntVal(), probe.getHttpGet().getPort().getStrVal()),
                what + " must reach the port Quarkus listens on");
        assertTrue(probe.getTimeoutSeconds() != null && probe.getPeriodSeconds() != null && probe.getFailureThreshold() != null,
                what + ": timings are explicit");
    }

    static int resolvePort(Container c, Integer number, String name) {
        if (number != null) {
            return number;
        }
        return c.getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElseThrow(() -> new AssertionError(c.getName() + " has no port named " + name));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlaysAndServices")
    void requestsLimitsAndAHeapThatFollowsTheLimit(String overlay, String module) {
        ServiceConfig svc = ServiceConfig.load(module);
        Rendered r = Rendered.of(overlay);
        Container c = Rendered.container(r.deployment(svc.name()));
        Map<String, Quantity> requests = c.getResources().getRequests();
        Map<String, Quantity> limits = c.getResources().getLimits();
        for (String resource : List.of("cpu", "memory")) {
            assertNotNull(requests.get(resource), c.getName() + " requests no " + resource);
            assertNotNull(limits.get(resource), c.getName() + " has no " + resource + " limit");
            assertTrue(Quantity.getAmountInBytes(limits.get(resource)).compareTo(Quantity.getAmountInBytes(requests.get(resource))) >= 0,
                    resource + " limit below its request");
        }
        String javaOpts = c.getEnv().stream().filter(e -> e.getName().equals("JAVA_OPTS_APPEND")).map(EnvVar::getValue)
                .findFirst().orElse("");
        assertTrue(javaOpts.contains("-XX:MaxRAMPercentage="), "the heap must be sized from the container limit: " + javaOpts);
        assertFalse(javaOpts.contains("-Xmx"), "a fixed -Xmx ignores the container limit");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlaysAndServices")
    void leastPrivilege(String overlay, String module) {
        ServiceConfig svc = ServiceConfig.load(module);
        Rendered r = Rendered.of(overlay);
        Deployment d = r.deployment(svc.name());
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        Container c = Rendered.container(d);
        PodSecurityContext psc = Optional.ofNullable(pod.getSecurityContext()).orElse(new PodSecurityContext());
        SecurityContext sc = Objects.requireNonNull(c.getSecurityContext(), c.getName() + " has no securityContext");

        assertTrue(Boolean.TRUE.equals(sc.getRunAsNonRoot()) || Boolean.TRUE.equals(psc.getRunAsNonRoot()), "runAsNonRoot");
        Long uid = sc.getRunAsUser() != null ? sc.getRunAsUser() : psc.getRunAsUser();
        assertTrue(uid == null || uid != 0, "runs as root");
        assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), "readOnlyRootFilesystem");
        assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), "allowPrivilegeEscalation");
        assertTrue(sc.getPrivileged() == null || !sc.getPrivileged(), "privileged");
        assertTrue(sc.getCapabilities() != null && sc.getCapabilities().getDrop().contains("ALL"), "capabilities drop ALL");
        assertTrue(sc.getCapabilities().getAdd().isEmpty(), "no capability added");
        String seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile().getType()
                : psc.getSeccompProfile() != null ? psc.getSeccompProfile().getType() : null;
        assertEquals("RuntimeDefault", seccomp, "seccomp profile");

        // With a read-only root, /tmp (JVM, Vert.x cache) is a writable emptyDir.
        VolumeMount tmp = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst()
                .orElseThrow(() -> new AssertionError("no writable /tmp"));
        Volume tmpVolume = pod.getVolumes().stream().filter(v -> v.getName().equals(tmp.getName())).findFirst().orElseThrow();
        assertNotNull(tmpVolume.getEmptyDir(), "/tmp should be an emptyDir");
        assertNotNull(tmpVolume.getEmptyDir().getSizeLimit(), "/tmp without a size limit can fill the node's disk");

        assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), "the pod mounts an API token");
        ServiceAccount sa = r.one("ServiceAccount", pod.getServiceAccountName(), ServiceAccount.class);
        assertEquals(Boolean.FALSE, sa.getAutomountServiceAccountToken(), "the ServiceAccount automounts its token");
        assertFalse(pod.getHostNetwork() != null && pod.getHostNetwork(), "hostNetwork");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlaysAndServices")
    void serviceAutoscalerAndDisruptionBudgetPointAtThePods(String overlay, String module) {
        ServiceConfig svc = ServiceConfig.load(module);
        Rendered r = Rendered.of(overlay);
        Deployment d = r.deployment(svc.name());
        Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
        Container c = Rendered.container(d);
        int port = Integer.parseInt(svc.effective("quarkus.http.port", r.configMapData(d)));

        Service service = r.one("Service", svc.name(), Service.class);
        assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()), "Service selects no pod");
        assertEquals(d.getSpec().getSelector().getMatchLabels(), service.getSpec().getSelector(), "Service and Deployment selectors");
        ServicePort http = service.getSpec().getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("Service has no port named http"));
        assertEquals(port, resolvePort(c, http.getTargetPort().getIntVal(), http.getTargetPort().getStrVal()),
                "Service targetPort must be the port Quarkus listens on");

        HorizontalPodAutoscaler hpa = r.all("HorizontalPodAutoscaler", HorizontalPodAutoscaler.class).stream()
                .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(svc.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no HorizontalPodAutoscaler for " + svc.name()));
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        assertTrue(hpa.getSpec().getMinReplicas() <= hpa.getSpec().getMaxReplicas());
        assertFalse(hpa.getSpec().getMetrics().isEmpty(), "HPA without metrics");
        assertEquals(d.getSpec().getReplicas(), hpa.getSpec().getMinReplicas(), "replicas and HPA minimum should agree");

        PodDisruptionBudget pdb = r.all("PodDisruptionBudget", PodDisruptionBudget.class).stream()
                .filter(p -> podLabels.entrySet().containsAll(p.getSpec().getSelector().getMatchLabels().entrySet()))
                .findFirst().orElseThrow(() -> new AssertionError("no PodDisruptionBudget for " + svc.name()));
        assertNotNull(pdb.getSpec().getMaxUnavailable() != null ? pdb.getSpec().getMaxUnavailable() : pdb.getSpec().getMinAvailable());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void replicasAndImagesPerOverlay(String overlay) {
        Rendered r = Rendered.of(overlay);
        List<Deployment> deployments = r.all("Deployment", Deployment.class);
        assertEquals(ServiceConfig.MODULES.size(), deployments.size());
        for (Deployment d : deployments) {
            int replicas = d.getSpec().getReplicas();
            if (overlay.equals("dev")) {
                // The dev size comes from the overlay's patches, which only kustomize applies.
                if (Manifests.kubectlPresent()) {
                    assertEquals(1, replicas, d.getMetadata().getName() + " in dev");
                }
            } else {
                assertTrue(replicas >= 2, d.getMetadata().getName() + " in prod needs two replicas to survive a node");
            }
            if (Manifests.kubectlPresent()) {
                String image = Rendered.container(d).getImage();
                Matcher m = Pattern.compile("^(.+/)?[^/:]+:([^/:]+)$").matcher(image);
                assertTrue(m.matches(), "image without a tag: " + image);
                assertFalse(m.group(2).equals("latest"), "image tag latest: " + image);
                assertTrue(image.contains("/"), "image without a registry: " + image);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kafkaAndPostgresqlSurviveANodeInProd(String overlay) {
        if (!overlay.equals("prod") && !Manifests.kubectlPresent()) {
            return; // dev sizes come from the overlay's patches
        }
        Rendered r = Rendered.of(overlay);
        var cluster = ServiceConfigurationTest.single(r, "Cluster");
        int brokers = r.all("KafkaNodePool", io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class).stream()
                .mapToInt(p -> p.getSpec().getReplicas()).sum();
        assertEquals(3, brokers, "Kafka nodes");
        assertEquals(overlay.equals("prod") ? 3 : 1, cluster.path("spec").path("instances").asInt(), "PostgreSQL instances");
        if (overlay.equals("prod")) {
            assertEquals("kubernetes.io/hostname", cluster.path("spec").path("affinity").path("topologyKey").asText(),
                    "PostgreSQL instances spread over nodes");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"booking-service", "content-service", "notification-service"})
    void theImageRecipeMatchesTheDeployment(String module) throws Exception {
        ServiceConfig svc = ServiceConfig.load(module);
        String dockerfile = Files.readString(svc.moduleDir().resolve("src/main/docker/Dockerfile.jvm"));
        Rendered r = Rendered.of("prod");
        Deployment d = r.deployment(svc.name());
        Container c = Rendered.container(d);
        int port = Integer.parseInt(svc.effective("quarkus.http.port", r.configMapData(d)));

        Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(dockerfile);
        assertTrue(from.find(), "no FROM");
        assertTrue(from.group(1).matches(".+:[0-9][^:]*") && !from.group(1).endsWith(":latest"), "base image not pinned: " + from.group(1));
        assertTrue(from.group(1).contains("openjdk-17") || from.group(1).contains("temurin:17"), "Java 17 runtime expected: " + from.group(1));

        Matcher user = Pattern.compile("(?m)^USER\\s+(\\d+)\\s*$").matcher(dockerfile);
        assertTrue(user.find(), "USER must be a numeric uid, so Kubernetes can verify runAsNonRoot");
        long uid = Long.parseLong(user.group(1));
        assertTrue(uid != 0, "USER root");
        assertEquals(uid, d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser(), "runAsUser and the image's USER");

        for (String copied : List.of("target/quarkus-app/lib/", "target/quarkus-app/*.jar", "target/quarkus-app/app/", "target/quarkus-app/quarkus/")) {
            assertTrue(dockerfile.contains("COPY --chown=" + uid + " " + copied), "the image should copy " + copied);
        }
        assertTrue(dockerfile.contains("JAVA_APP_JAR=\"/deployments/quarkus-run.jar\""), "quarkus-run.jar is the entry point");
        assertTrue(dockerfile.contains("EXPOSE " + port), "EXPOSE " + port);
        assertTrue(dockerfile.contains("QUARKUS_HTTP_PORT=" + port), "the image alone should listen on " + port);
        assertEquals(port, c.getPorts().get(0).getContainerPort());
        assertTrue(dockerfile.contains("-XX:MaxRAMPercentage="), "the heap follows the container limit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectIsLabelledAsPartOfThePlatform(String overlay) {
        List<String> unlabelled = new ArrayList<>();
        for (var o : Manifests.overlay(overlay)) {
            if (!Manifests.kubectlPresent()) {
                break;
            }
            if (!"clinic-platform".equals(o.path("metadata").path("labels").path("app.kubernetes.io/part-of").asText())
                    && !"Namespace".equals(Manifests.kind(o))) {
                unlabelled.add(Manifests.id(o));
            }
        }
        assertEquals(List.of(), unlabelled);
    }
}
