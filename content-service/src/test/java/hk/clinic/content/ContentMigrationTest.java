package hk.clinic.content;

import db.migration.V2__Load_content_release_1;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The content files reach the schema through Flyway, as the service's own role, and loading is idempotent. */
@QuarkusTest
class ContentMigrationTest {

    @Test
    void flywayRecordedTheSchemaAndTheContentRelease() throws SQLException {
        try (Connection c = serviceConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, description, success FROM flyway_schema_history "
                     + "WHERE version IS NOT NULL ORDER BY installed_rank")) {
            assertTrue(rs.next());
            assertEquals("1", rs.getString(1));
            assertTrue(rs.next());
            assertEquals("2", rs.getString(1));
            assertEquals("Load content release 1", rs.getString(2));
            assertTrue(rs.getBoolean(3));
        }
        try (Connection c = serviceConnection(); Statement s = c.createStatement()) {
            assertEquals(11, count(s, "SELECT count(*) FROM aftercare_rule"));
            assertEquals(4, count(s, "SELECT count(*) FROM aftercare_plan"));
            assertEquals(20, count(s, "SELECT count(*) FROM aftercare_plan_step"));
            assertEquals(2, count(s, "SELECT count(*) FROM guide_publication p JOIN guide g ON g.id = p.guide_id "
                    + "WHERE g.slug = 'complete-milia-removal'"));
        }
    }

    @Test
    void reloadingUnchangedFilesPublishesNothingNew() throws Exception {
        String versions = "SELECT count(*) FROM guide_version v JOIN guide g ON g.id = v.guide_id WHERE g.slug = 'complete-milia-removal'";
        long before;
        try (Connection c = serviceConnection(); Statement s = c.createStatement()) {
            before = count(s, versions);
        }
        try (Connection c = serviceConnection()) {
            c.setAutoCommit(false);
            new V2__Load_content_release_1().migrate(new Context() {
                @Override
                public Configuration getConfiguration() {
                    return null;
                }

                @Override
                public Connection getConnection() {
                    return c;
                }
            });
            c.commit();
        }
        try (Connection c = serviceConnection(); Statement s = c.createStatement()) {
            assertEquals(before, count(s, versions), "the files equal what is published: no new version");
        }
        given().queryParam("locale", "en").when().get("/api/v1/guides/complete-milia-removal").then().statusCode(200)
                .body("version", equalTo(1));
        given().queryParam("q", "retinoids").queryParam("locale", "en").when().get("/api/v1/search").then()
                .statusCode(200).body("items.anchor", org.hamcrest.Matchers.hasItem("topical-treatments"));
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The service's own role: its search_path is its schema, as for Flyway at start-up. */
    private static Connection serviceConnection() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }
}
