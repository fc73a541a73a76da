package hk.clinic.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Small helpers shared by the API tests. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SLUG = "complete-milia-removal";

    private Api() {
    }

    static String staffToken() {
        return Jwt.subject("staff-7").groups("staff").sign();
    }

    static String patientToken() {
        return Jwt.subject("patient-9").groups("patient").sign();
    }

    static JsonNode json(Response r) {
        try {
            return JSON.readTree(r.asByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A content file from the repository's main resources (what the migration loaded). */
    static JsonNode contentFile(String path) {
        try (InputStream in = Api.class.getClassLoader().getResourceAsStream("content/" + path)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
