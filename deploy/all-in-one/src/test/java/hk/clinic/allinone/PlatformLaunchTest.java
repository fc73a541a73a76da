package hk.clinic.allinone;

import hk.clinic.infra.EmbeddedInfra;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What ./run-local.sh promises, through the same launcher: the packaged services start, work, and stop cleanly. */
class PlatformLaunchTest {

    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();

    @Test
    void thePackagedServicesStartOnTheRealServersAndLeaveNothingListeningWhenStopped() throws Exception {
        Platform.Ports ports = Platform.Ports.random();
        List<Integer> listening = new ArrayList<>();
        Path dataDir = Path.of("target/platform-launch").toAbsolutePath();
        EmbeddedInfra.wipe(dataDir);
        try (Platform platform = Platform.start(REPO, dataDir, ports, Map.of())) {
            HttpClient http = HttpClient.newHttpClient();
            for (String service : Platform.SERVICES) {
                ServiceProcess process = platform.service(service);
                for (String path : List.of("/q/health/ready", "/q/health/live", "/q/health/started", "/q/openapi", "/q/swagger-ui/", "/q/metrics")) {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(process.baseUrl() + path)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, response.statusCode(), service + path);
                }
                listening.add(process.port());
            }
            try (Connection admin = DriverManager.getConnection(platform.infra().postgres().jdbcUrl(), "postgres", "");
                 Statement s = admin.createStatement();
                 ResultSet rs = s.executeQuery("SELECT tableowner, schemaname, tablename FROM pg_tables WHERE tableowner IN ('booking','content','notification')")) {
                int tables = 0;
                while (rs.next()) {
                    tables++;
                    assertEquals(rs.getString(1), rs.getString(2), "table " + rs.getString(3) + " of role " + rs.getString(1));
                }
                assertTrue(tables >= 6, "each service migrated its own schema");
            }
            String token = platform.staffToken(Duration.ofMinutes(5));
            assertEquals(3, token.split("\\.").length, "a signed JWT");
            listening.add(ports.infra().postgres());
            listening.add(ports.infra().kafka());
            listening.add(ports.infra().smtp());
            listening.add(ports.infra().mailApi());
            listening.add(ports.infra().wiremock());
        }
        for (int port : listening) {
            assertFalse(isListening(port), "port " + port + " still listening after stop");
        }
    }

    private static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
