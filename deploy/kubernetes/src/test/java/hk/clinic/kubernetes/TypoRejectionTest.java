package hk.clinic.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A misspelt field name must fail the build: each case takes a committed manifest, renames one field in its
 * text, and expects the validation to reject it, naming the field. Kubernetes itself would often drop such a
 * field silently (client-side) and apply a different object than the one reviewed.
 */
class TypoRejectionTest {

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource({
            "base/booking/deployment.yaml, readinessProbe:, readinesProbe:",
            "base/booking/deployment.yaml, readOnlyRootFilesystem:, readOnlyRootFileSystem:",
            "base/notification/networkpolicy.yaml, policyTypes:, policyType:",
            "base/content/hpa.yaml, averageUtilization:, averageUtilisation:",
            "base/ingress/ingress-staff.yaml, ingressClassName:, ingressClass:",
            "overlays/prod/servicemonitor.yaml, scrapeTimeout:, scrapeTimout:",
            "base/kafka/topics.yaml, partitions:, partition:",
            "base/kafka/users.yaml, operations:, operation:",
            "base/kafka/kafka.yaml, networkPolicyPeers:, networkPolicyPeer:",
            "base/postgres/cluster.yaml, instances:, instance:",
            "base/postgres/cluster.yaml, passwordSecret:, passwordSecrets:",
            "base/postgres/database.yaml, schemas:, schema:",
    })
    void aMisspeltFieldIsRejected(String file, String field, String typo) throws Exception {
        String original = Files.readString(Manifests.MODULE.resolve(Path.of(file)));
        assertTrue(original.contains(field), file + " no longer contains " + field + ": pick another field");
        assertEquals(List.of(), violations(original), file + " should be valid before the mutation");

        List<String> problems = violations(original.replaceFirst(java.util.regex.Pattern.quote(field), typo));

        String name = typo.substring(0, typo.length() - 1);
        assertTrue(problems.stream().anyMatch(p -> p.contains(name)),
                "renaming " + field + " to " + typo + " in " + file + " went unnoticed: " + problems);
    }

    /** Kubernetes refuses an unquoted number where a string belongs; so does the validation. */
    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "base/booking/configmap.yaml | QUARKUS_HTTP_PORT: \"8080\" | QUARKUS_HTTP_PORT: 8080",
            "base/content/deployment.yaml | prometheus.io/scrape: \"true\" | prometheus.io/scrape: true",
            "base/booking/hpa.yaml | maxReplicas: 6 | maxReplicas: \"6\"",
    })
    void aValueOfTheWrongTypeIsRejected(String file, String valid, String wrongType) throws Exception {
        String original = Files.readString(Manifests.MODULE.resolve(Path.of(file)));
        assertTrue(original.contains(valid), file + " no longer contains " + valid);
        assertEquals(List.of(), violations(original));
        assertTrue(!violations(original.replace(valid, wrongType)).isEmpty(), wrongType + " in " + file + " went unnoticed");
    }

    private static List<String> violations(String yaml) {
        List<ObjectNode> docs = Manifests.parse(yaml);
        return docs.stream().flatMap(d -> StrictSchemas.violations(d).stream()).toList();
    }
}
