package hk.clinic.infra;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A real SMTP server (GreenMail) that accepts any sender and login, plus a small read-only HTTP API so that
 * people and tests in other processes can see what arrived:
 * {@code GET /api/messages[?to=address]} lists messages as JSON, {@code DELETE /api/messages} empties the box.
 */
public final class MailServer implements AutoCloseable {

    private final GreenMail greenMail;
    private final HttpServer api;

    private MailServer(GreenMail greenMail, HttpServer api) {
        this.greenMail = greenMail;
        this.api = api;
    }

    public static MailServer start(int smtpPort, int apiPort) {
        GreenMail greenMail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
        try {
            HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), apiPort), 16);
            MailServer server = new MailServer(greenMail, api);
            api.createContext("/api/messages", server::handle);
            api.start();
            return server;
        } catch (IOException e) {
            greenMail.stop();
            throw new UncheckedIOException(e);
        }
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    public int apiPort() {
        return api.getAddress().getPort();
    }

    public List<MimeMessage> received() {
        return List.of(greenMail.getReceivedMessages());
    }

    public void purge() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            switch (exchange.getRequestMethod()) {
                case "GET" -> {
                    String to = queryParam(exchange.getRequestURI().getRawQuery(), "to");
                    byte[] body = toJson(to).getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
                case "DELETE" -> {
                    purge();
                    exchange.sendResponseHeaders(204, -1);
                }
                default -> exchange.sendResponseHeaders(405, -1);
            }
        }
    }

    private String toJson(String to) {
        StringBuilder json = new StringBuilder("[");
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            try {
                List<String> recipients = new ArrayList<>();
                Address[] all = message.getAllRecipients();
                for (Address a : all == null ? new Address[0] : all) {
                    recipients.add(a.toString());
                }
                if (to != null && recipients.stream().noneMatch(r -> r.contains(to))) {
                    continue;
                }
                StringBuilder text = new StringBuilder();
                StringBuilder html = new StringBuilder();
                collectParts(message, text, html);
                if (json.length() > 1) {
                    json.append(',');
                }
                json.append("{\"messageId\":").append(Json.string(message.getMessageID()))
                        .append(",\"from\":").append(Json.string(message.getFrom() == null ? null : message.getFrom()[0].toString()))
                        .append(",\"to\":").append(Json.array(recipients))
                        .append(",\"subject\":").append(Json.string(message.getSubject()))
                        .append(",\"receivedAt\":").append(Json.string(
                                message.getReceivedDate() == null ? null : message.getReceivedDate().toInstant().toString()))
                        .append(",\"text\":").append(Json.string(text.toString()))
                        .append(",\"html\":").append(Json.string(html.toString()))
                        .append('}');
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException("Unreadable message in the mail box", e);
            }
        }
        return json.append(']').toString();
    }

    private static void collectParts(Part part, StringBuilder text, StringBuilder html) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            text.append(part.getContent());
        } else if (part.isMimeType("text/html")) {
            html.append(part.getContent());
        } else if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collectParts(child, text, html);
            }
        }
    }

    private static String queryParam(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() {
        api.stop(0);
        greenMail.stop();
    }
}
