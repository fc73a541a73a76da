package hk.clinic.infra;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedInfraTest {

    @TempDir
    static Path dataDir;

    static EmbeddedInfra infra;

    @BeforeAll
    static void start() {
        infra = EmbeddedInfra.start(dataDir, InfraPorts.random(), EnumSet.allOf(EmbeddedInfra.Component.class),
                StaffKeys.generate());
    }

    @AfterAll
    static void stop() {
        infra.close();
    }

    @Test
    void eachServiceRoleUsesOnlyItsOwnSchema() throws SQLException {
        Map<String, String> booking = infra.serviceConfig("booking");
        try (Connection c = DriverManager.getConnection(booking.get("quarkus.datasource.jdbc.url"),
                booking.get("quarkus.datasource.username"), booking.get("quarkus.datasource.password"));
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE probe (id int)");
            try (var rs = s.executeQuery("SELECT table_schema FROM information_schema.tables WHERE table_name = 'probe'")) {
                assertTrue(rs.next());
                assertEquals("booking", rs.getString(1));
            }
            SQLException denied = assertThrows(SQLException.class, () -> s.execute("CREATE TABLE content.intruder (id int)"));
            assertEquals("42501", denied.getSQLState(), "permission denied");
            assertThrows(SQLException.class, () -> s.execute("CREATE TABLE public.intruder (id int)"));
        }
    }

    @Test
    void aServiceRoleNeedsItsPassword() {
        String url = infra.postgres().jdbcUrl();
        SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "content", "wrong"));
        assertEquals("28P01", refused.getSQLState(), "password authentication failed");
    }

    @Test
    void aRecordGoesThroughTheBroker() throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", infra.kafka().bootstrapServers());
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("infra.probe", "k1", "hello")).get();
        }
        p.put("group.id", "infra-test");
        p.put("auto.offset.reset", "earliest");
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("infra.probe"));
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
            assertEquals(1, seen.size());
            assertEquals("k1", seen.get(0).key());
            assertEquals("hello", seen.get(0).value());
        }
    }

    @Test
    void theBrokerCanBeStoppedAndStartedAgainKeepingItsRecords() throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", infra.kafka().bootstrapServers());
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("infra.restart", "before", "1")).get();
        }
        infra.kafka().stop();
        assertThrows(Exception.class, () -> {
            Properties quick = new Properties();
            quick.putAll(p);
            quick.put("max.block.ms", "500");
            try (var producer = new KafkaProducer<>(quick, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("infra.restart", "during", "2")).get();
            }
        });
        infra.kafka().startServer();
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("infra.restart", "after", "3")).get();
        }
        p.put("group.id", "infra-restart");
        p.put("auto.offset.reset", "earliest");
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("infra.restart"));
            List<String> keys = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (keys.size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
            }
            assertEquals(List.of("after", "before"), keys.stream().sorted().toList());
        }
    }

    @Test
    void postgresCanBeStoppedAndStartedAgainKeepingRolesAndRows() throws SQLException {
        Map<String, String> content = infra.serviceConfig("content");
        String url = content.get("quarkus.datasource.jdbc.url");
        String user = content.get("quarkus.datasource.username");
        String password = content.get("quarkus.datasource.password");
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE restart_probe (id int)");
            s.execute("INSERT INTO restart_probe VALUES (42)");
        }
        infra.postgres().stop();
        try {
            assertThrows(SQLException.class, () -> DriverManager.getConnection(url, user, password).close());
        } finally {
            infra.postgres().start();
        }
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT id FROM restart_probe")) {
            assertTrue(rs.next());
            assertEquals(42, rs.getInt(1));
        }
        SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, user, "wrong"));
        assertEquals("28P01", refused.getSQLState(), "passwords are still required after the restart");
    }

    @Test
    void mailSentOverSmtpIsReadableOverHttp() throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(infra.mail().smtpPort()));
        MimeMessage message = new MimeMessage(Session.getInstance(p));
        message.setFrom(new InternetAddress("clinic@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("patient@example.com"));
        message.setSubject("確認 Confirmation", "UTF-8");
        message.setText("Your appointment", "UTF-8");
        Transport.send(message);

        String body = get(infra.endpoints().get("infra.mail-api-url") + "?to=patient@example.com").body();
        assertTrue(body.contains("\"subject\":\"確認 Confirmation\""), body);
        assertTrue(body.contains("Your appointment"), body);
        assertEquals("[]", get(infra.endpoints().get("infra.mail-api-url") + "?to=nobody@example.com").body());
    }

    @Test
    void onlyNotificationServiceIsGivenTheMailServer() {
        Map<String, String> notification = infra.serviceConfig("notification");
        assertEquals(String.valueOf(infra.mail().smtpPort()), notification.get("quarkus.mailer.port"));
        assertEquals("false", notification.get("quarkus.mailer.mock"));
        for (String other : List.of("booking", "content")) {
            assertEquals(List.of(), infra.serviceConfig(other).keySet().stream().filter(k -> k.startsWith("quarkus.mailer.")).toList(),
                    other + " has no Mailer extension, so a quarkus.mailer key would only be logged as unrecognized");
        }
    }

    @Test
    void providerStubAnswersWhatsAppAndTwilioShapes() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> whatsapp = http.send(HttpRequest.newBuilder(URI.create(infra.providers().baseUrl() + "/v21.0/1234567890/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"messaging_product\":\"whatsapp\",\"to\":\"85291234567\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, whatsapp.statusCode());
        assertTrue(whatsapp.body().contains("\"wa_id\":\"85291234567\""), whatsapp.body());
        assertTrue(whatsapp.body().contains("wamid."), whatsapp.body());

        HttpResponse<String> sms = http.send(HttpRequest.newBuilder(URI.create(infra.providers().baseUrl() + "/2010-04-01/Accounts/AC123/Messages.json"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("To=%2B85291234567&From=CLINIC&Body=hi"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, sms.statusCode());
        assertTrue(sms.body().matches("(?s).*\"sid\":\"SM[0-9a-f]{32}\".*"), sms.body());
    }

    @Test
    void aTakenPortIsNamedInOneLine() {
        InfraPorts.PortInUseException e = assertThrows(InfraPorts.PortInUseException.class,
                () -> InfraPorts.requireFree(infra.postgres().port(), "PostgreSQL"));
        assertTrue(e.getMessage().startsWith("Port " + infra.postgres().port() + " (PostgreSQL) is already in use"));
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
