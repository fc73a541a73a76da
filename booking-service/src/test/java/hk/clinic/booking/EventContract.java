package hk.clinic.booking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The committed contract (src/main/contract): one JSON Schema per event type, applied to any event. */
public final class EventContract {

    public static final Path DIR = Path.of("src", "main", "contract");
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonSchema> SCHEMAS = new HashMap<>();

    private EventContract() {
    }

    /** Problems of an event against the schema of its own type; an unknown type is a problem too. */
    public static Set<String> violations(JsonNode event) {
        String type = event.path("type").asText();
        String prefix = "clinic.booking.registration.";
        if (!type.startsWith(prefix) || !type.endsWith(".v1")) {
            return Set.of("unknown event type '" + type + "'");
        }
        String slug = type.substring(prefix.length(), type.length() - ".v1".length());
        if (!Files.exists(DIR.resolve("schemas").resolve("registration-" + slug + ".v1.json"))) {
            return Set.of("no schema for event type '" + type + "'");
        }
        Set<ValidationMessage> messages = schema(slug).validate(event);
        return messages.stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
    }

    public static Set<String> violations(String event) {
        try {
            return violations(JSON.readTree(event));
        } catch (IOException e) {
            return Set.of("not JSON: " + e.getMessage());
        }
    }

    private static synchronized JsonSchema schema(String slug) {
        return SCHEMAS.computeIfAbsent(slug, s -> {
            Path file = DIR.resolve("schemas").resolve("registration-" + s + ".v1.json");
            if (!Files.exists(file)) {
                throw new IllegalArgumentException("no schema for " + s);
            }
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            try (InputStream in = Files.newInputStream(file)) {
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
