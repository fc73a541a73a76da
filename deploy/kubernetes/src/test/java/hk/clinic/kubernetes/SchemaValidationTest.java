package hk.clinic.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Every object, rendered or as written, matches the pinned Kubernetes, Strimzi and CloudNativePG schemas. */
class SchemaValidationTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyRenderedObjectMatchesItsSchema(String overlay) {
        List<ObjectNode> objects = Manifests.overlay(overlay);
        assertFalse(objects.isEmpty(), overlay + " renders nothing");
        List<String> problems = new ArrayList<>();
        objects.forEach(o -> problems.addAll(StrictSchemas.violations(o)));
        assertEquals(List.of(), problems);
    }

    @Test
    void everyFileOfBaseAndOverlaysMatchesItsSchemaOnItsOwn() throws Exception {
        List<String> problems = new ArrayList<>();
        int objects = 0;
        for (Path file : Manifests.yamlFiles()) {
            List<ObjectNode> docs = Manifests.parseFile(file);
            assertFalse(docs.isEmpty(), file + " is empty");
            if (file.getFileName().toString().equals("kustomization.yaml")) {
                docs.forEach(d -> {
                    if (!"Kustomization".equals(Manifests.kind(d))) {
                        problems.add(file + ": not a Kustomization");
                    }
                });
                continue;
            }
            for (ObjectNode doc : docs) {
                objects++;
                StrictSchemas.violations(doc).forEach(p -> problems.add(Manifests.MODULE.relativize(file) + ": " + p));
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(objects >= 30, "only " + objects + " objects found under base/ and overlays/");
    }

    @Test
    void everyResourceFileIsListedByAKustomization() throws Exception {
        // A file nobody lists would be validated here but never applied.
        List<String> unlisted = new ArrayList<>();
        for (Path file : Manifests.resourceFiles(Manifests.MODULE.resolve("base"))) {
            String listed = Files.readString(Manifests.BASE.resolve("kustomization.yaml"));
            if (!listed.contains("- " + Manifests.BASE.relativize(file).toString().replace('\\', '/'))) {
                unlisted.add(Manifests.MODULE.relativize(file).toString());
            }
        }
        for (String overlay : Manifests.OVERLAY_NAMES) {
            Path dir = Manifests.OVERLAYS.resolve(overlay);
            String listed = Files.readString(dir.resolve("kustomization.yaml"));
            for (Path file : Manifests.resourceFiles(dir)) {
                if (!listed.contains("- " + dir.relativize(file))) {
                    unlisted.add(Manifests.MODULE.relativize(file).toString());
                }
            }
        }
        assertEquals(List.of(), unlisted);
    }

    @Test
    void noSecretValuesAreCommitted() {
        for (String overlay : Manifests.OVERLAY_NAMES) {
            assertEquals(List.of(), Manifests.ofKind(Manifests.overlay(overlay), "Secret").stream().map(Manifests::id).toList(),
                    "Secrets are created by ops or by the operators, never committed");
        }
    }
}
