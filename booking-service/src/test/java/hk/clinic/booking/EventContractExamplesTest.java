package hk.clinic.booking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The six committed examples (what notification-service builds on) satisfy the schemas, and the schemas bite. */
class EventContractExamplesTest {

    private static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EventContract.DIR.resolve("examples"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void everyExampleIsValidAgainstTheSchemaOfItsType() throws IOException {
        List<Path> examples = examples();
        assertEquals(6, examples.size());
        for (Path example : examples) {
            assertEquals(java.util.Set.of(), EventContract.violations(Files.readString(example)), example.toString());
        }
    }

    @Test
    void everyTypeHasASchemaAndTheAsyncApiDocumentNamesThemAll() throws IOException {
        String asyncApi = Files.readString(EventContract.DIR.resolve("asyncapi.yaml"));
        assertTrue(asyncApi.startsWith("asyncapi: 3.0.0"));
        assertTrue(asyncApi.contains("address: booking.registrations"));
        for (String slug : List.of("submitted", "rescheduled", "cancelled", "attended", "no-show", "erased")) {
            assertTrue(Files.exists(EventContract.DIR.resolve("schemas/registration-" + slug + ".v1.json")), slug);
            assertTrue(asyncApi.contains("./schemas/registration-" + slug + ".v1.json"), slug);
            assertTrue(asyncApi.contains("name: clinic.booking.registration." + slug + ".v1"), slug);
        }
    }

    @Test
    void theSchemasRefuseMissingFieldsExtraPersonalDataAndBadFormats() throws IOException {
        JsonNode submitted = EventContract.JSON.readTree(examples().get(0).toFile());

        ObjectNode noPhone = submitted.deepCopy();
        ((ObjectNode) noPhone.path("data").path("contact")).remove("phone");
        assertFalse(EventContract.violations(noPhone).isEmpty());

        ObjectNode extra = submitted.deepCopy();
        ((ObjectNode) extra.path("data").path("contact")).put("hkid", "A123456(7)");
        assertFalse(EventContract.violations(extra).isEmpty());

        ObjectNode localPhone = submitted.deepCopy();
        ((ObjectNode) localPhone.path("data").path("contact")).put("phone", "9123 4567");
        assertFalse(EventContract.violations(localPhone).isEmpty());

        ObjectNode wrongType = submitted.deepCopy();
        wrongType.put("type", "clinic.booking.registration.lost.v1");
        assertFalse(EventContract.violations(wrongType).isEmpty());

        JsonNode erased = EventContract.JSON.readTree(examples().get(5).toFile());
        ObjectNode erasedWithContact = erased.deepCopy();
        ((ObjectNode) erasedWithContact.path("data")).set("contact", submitted.path("data").path("contact"));
        assertFalse(EventContract.violations(erasedWithContact).isEmpty());
    }
}
