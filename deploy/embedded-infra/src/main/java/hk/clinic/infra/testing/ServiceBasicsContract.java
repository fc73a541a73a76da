package hk.clinic.infra.testing;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every service promises ops and partners, checked the same way in all three: extend it in a
 * {@code @QuarkusTest} of the service. Probes, OpenAPI, Swagger UI, Prometheus metrics, and a database role
 * that owns its own schema and nothing else.
 */
public abstract class ServiceBasicsContract {

    /** The service's short name, which is also its database role and schema: booking, content, notification. */
    protected abstract String service();

    /** Whether readiness must also cover the Kafka connection. */
    protected abstract boolean usesKafka();

    @Test
    void healthProbesAreUp() {
        for (String probe : List.of("/q/health/live", "/q/health/ready", "/q/health/started")) {
            given().when().get(probe).then().statusCode(200).body("status", equalTo("UP"));
        }
    }

    @Test
    void readinessCoversTheDatabaseAndKafka() {
        var ready = given().when().get("/q/health/ready").then().statusCode(200);
        ready.body("checks.name", hasItem(containsString("Database connections health check")));
        if (usesKafka()) {
            ready.body("checks.name", hasItem(containsString("Reactive Messaging - readiness check")));
        }
    }

    @Test
    void openApiAndSwaggerUiAreServed() {
        given().accept("application/json").when().get("/q/openapi").then().statusCode(200)
                .body("openapi", startsWith("3."))
                .body("info.title", containsString("Clinic"));
        given().when().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }

    /**
     * Partners build on the committed document ({@code openapi.yaml} in the module), so it must be what the
     * code serves. After an intended API change, refresh it with
     * {@code ./mvnw verify -pl <module> -am -Dopenapi.update=true} and review the diff.
     */
    @Test
    void committedOpenApiDocumentMatchesTheCode() throws IOException {
        String served = given().accept("application/yaml").when().get("/q/openapi")
                .then().statusCode(200).extract().asString();
        Path committed = Path.of("openapi.yaml");
        if (Boolean.getBoolean("openapi.update")) {
            Files.writeString(committed, served);
        }
        assertTrue(Files.exists(committed), "no committed openapi.yaml: run with -Dopenapi.update=true and commit it");
        assertEquals(Files.readString(committed), served,
                "openapi.yaml is out of date: run ./mvnw verify -pl <module> -am -Dopenapi.update=true and commit it");
    }

    @Test
    void metricsAreExposedForPrometheus() {
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("agroal_active_count"));
    }

    @Test
    void tablesLiveInTheServiceSchemaOnly() throws SQLException {
        Config config = ConfigProvider.getConfig();
        String role = config.getValue("quarkus.datasource.username", String.class);
        assertEquals(service(), role, "the service logs in as its own role");
        List<String> misplaced = new ArrayList<>();
        int own = 0;
        try (Connection admin = DriverManager.getConnection(config.getValue("infra.jdbc-url", String.class),
                config.getValue("infra.admin-user", String.class), "");
             PreparedStatement tables = admin.prepareStatement(
                     "SELECT schemaname, tablename FROM pg_tables WHERE tableowner = ?")) {
            tables.setString(1, role);
            try (ResultSet rs = tables.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1).equals(service())) {
                        own++;
                    } else {
                        misplaced.add(rs.getString(1) + "." + rs.getString(2));
                    }
                }
            }
        }
        assertTrue(own >= 2, "Flyway's history and the first migration's tables are in schema " + service());
        assertTrue(misplaced.isEmpty(), "tables outside schema " + service() + ": " + misplaced);
    }

    @Test
    void theServiceRoleCannotReachOtherSchemas() throws SQLException {
        Config config = ConfigProvider.getConfig();
        try (Connection c = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
             PreparedStatement privilege = c.prepareStatement("SELECT has_schema_privilege(?, 'USAGE')")) {
            for (String other : List.of("booking", "content", "notification", "public")) {
                if (other.equals(service())) {
                    continue;
                }
                privilege.setString(1, other);
                try (ResultSet rs = privilege.executeQuery()) {
                    rs.next();
                    assertFalse(rs.getBoolean(1), service() + " must not use schema " + other);
                }
            }
        }
    }
}
