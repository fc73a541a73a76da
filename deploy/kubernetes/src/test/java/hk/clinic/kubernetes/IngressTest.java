package hk.clinic.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;

/**
 * The public/staff split: the internet-facing Ingress carries public API paths only, the staff paths live on an
 * internal host and ingress class, and every operation of each service's committed OpenAPI document is
 * reachable through the right one.
 */
class IngressTest {

    record Route(String ingress, String host, String path, String service) {
        boolean matches(String requestPath) {
            // pathType Prefix matches whole path elements.
            return requestPath.equals(path) || requestPath.startsWith(path.endsWith("/") ? path : path + "/");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void publicAndStaffPathsAreSplit(String overlay) {
        Rendered r = Rendered.of(overlay);
        Ingress pub = r.one("Ingress", "clinic-public", Ingress.class);
        Ingress staff = r.one("Ingress", "clinic-staff", Ingress.class);
        assertNotEquals(pub.getSpec().getIngressClassName(), staff.getSpec().getIngressClassName(),
                "staff paths must be served by the internal ingress class only");
        assertNotEquals(host(pub), host(staff));
        assertTrue(host(staff).endsWith(".internal"), "the staff host is internal: " + host(staff));

        for (Route route : routes(pub)) {
            assertTrue(route.path().startsWith("/api/v1/"), "public path outside the API: " + route);
            assertFalse(route.path().startsWith("/api/v1/staff"), "staff path on the public Ingress: " + route);
        }
        for (Route route : routes(staff)) {
            assertTrue(route.path().startsWith("/api/v1/staff/"), "non-staff path on the staff Ingress: " + route);
        }
        for (Ingress ing : List.of(pub, staff)) {
            List<String> tlsHosts = ing.getSpec().getTls().stream().map(IngressTLS::getHosts).flatMap(List::stream).toList();
            assertTrue(tlsHosts.contains(host(ing)), ing.getMetadata().getName() + " without TLS for its host");
            for (HTTPIngressPath p : ing.getSpec().getRules().get(0).getHttp().getPaths()) {
                assertEquals("Prefix", p.getPathType());
                String port = p.getBackend().getService().getPort().getName();
                Service s = r.one("Service", p.getBackend().getService().getName(), Service.class);
                assertTrue(s.getSpec().getPorts().stream().anyMatch(sp -> sp.getName().equals(port)),
                        s.getMetadata().getName() + " has no port " + port);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyOperationOfTheCommittedOpenApiDocumentsIsRoutedToItsService(String overlay) throws Exception {
        Rendered r = Rendered.of(overlay);
        List<Route> publicRoutes = routes(r.one("Ingress", "clinic-public", Ingress.class));
        List<Route> staffRoutes = routes(r.one("Ingress", "clinic-staff", Ingress.class));
        List<String> problems = new ArrayList<>();
        YAMLMapper yaml = new YAMLMapper();
        for (ServiceConfig svc : ServiceConfig.all()) {
            Path openapi = svc.moduleDir().resolve("openapi.yaml");
            if (!Files.exists(openapi)) {
                continue;
            }
            JsonNode paths = yaml.readTree(openapi.toFile()).path("paths");
            for (var it = paths.fieldNames(); it.hasNext();) {
                String path = it.next();
                if (!path.startsWith("/api/")) {
                    continue;
                }
                boolean staffPath = path.startsWith("/api/v1/staff/");
                Optional<Route> viaPublic = longestMatch(publicRoutes, path);
                Optional<Route> viaStaff = longestMatch(staffRoutes, path);
                if (staffPath && viaPublic.isPresent()) {
                    problems.add(svc.name() + " staff path " + path + " is public via " + viaPublic.get());
                }
                Optional<Route> route = staffPath ? viaStaff : viaPublic;
                if (route.isEmpty()) {
                    problems.add(svc.name() + " " + path + " is not routed by the " + (staffPath ? "staff" : "public") + " Ingress");
                } else if (!route.get().service().equals(svc.name())) {
                    problems.add(svc.name() + " " + path + " is routed to " + route.get().service());
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private static Optional<Route> longestMatch(List<Route> routes, String path) {
        return routes.stream().filter(rt -> rt.matches(path)).max(Comparator.comparingInt(rt -> rt.path().length()));
    }

    private static String host(Ingress ing) {
        assertEquals(1, ing.getSpec().getRules().size(), ing.getMetadata().getName() + ": one host per Ingress");
        return ing.getSpec().getRules().get(0).getHost();
    }

    private static List<Route> routes(Ingress ing) {
        List<Route> routes = new ArrayList<>();
        for (IngressRule rule : ing.getSpec().getRules()) {
            for (HTTPIngressPath p : rule.getHttp().getPaths()) {
                routes.add(new Route(ing.getMetadata().getName(), rule.getHost(), p.getPath(), p.getBackend().getService().getName()));
            }
        }
        return routes;
    }
}
