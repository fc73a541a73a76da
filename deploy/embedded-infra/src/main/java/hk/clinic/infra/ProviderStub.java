package hk.clinic.infra;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * WireMock standing in for the WhatsApp (Meta Cloud API) and SMS (Twilio) providers, answering their real
 * request shapes with success by default. The defaults are mapping files, so {@code resetToDefault()}
 * brings them back after a test replaces them; tests add stubs of higher priority for failures.
 */
public final class ProviderStub implements AutoCloseable {

    /** Meta Cloud API: POST /v{version}/{phone-number-id}/messages. */
    static final String WHATSAPP_OK = """
            {"priority": 10,
             "request": {"method": "POST", "urlPathPattern": "/v[0-9.]+/[^/]+/messages"},
             "response": {"status": 200, "headers": {"Content-Type": "application/json"},
               "jsonBody": {"messaging_product": "whatsapp",
                            "contacts": [{"input": "{{jsonPath request.body '$.to'}}", "wa_id": "{{jsonPath request.body '$.to'}}"}],
                            "messages": [{"id": "wamid.{{randomValue length=32 type='ALPHANUMERIC'}}"}]},
               "transformers": ["response-template"]}}
            """;

    /** Twilio: POST /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded. */
    static final String SMS_OK = """
            {"priority": 10,
             "request": {"method": "POST", "urlPathPattern": "/2010-04-01/Accounts/[^/]+/Messages.json"},
             "response": {"status": 201, "headers": {"Content-Type": "application/json"},
               "jsonBody": {"sid": "SM{{randomValue length=32 type='HEXADECIMAL'}}", "status": "queued",
                            "error_code": null, "error_message": null},
               "transformers": ["response-template"]}}
            """;

    /**
     * System property: how many requests the stub keeps for tests to look up (WireMock's request journal); 0 keeps
     * none. Default 10 000. In WireMock 3.13 every request walks the journal twice (InMemoryRequestJournalStore.put
     * checks the deque with contains, AbstractRequestJournal.removeOldEntries counts every key), so a full journal
     * costs each request 20 000 steps: the benchmarks, which look nothing up, set 0 (JFR and thread CPU of the
     * 2026-12-02 bench: the stub's threads used 3.7 CPU-s in 5 s while notification-service drained a backlog).
     */
    public static final String JOURNAL_ENTRIES = "clinic.infra.provider-journal-entries";

    private final WireMockServer server;

    private ProviderStub(WireMockServer server) {
        this.server = server;
    }

    public static ProviderStub start(Path root, int port) {
        try {
            Path mappings = root.resolve("mappings");
            Files.createDirectories(mappings);
            Files.createDirectories(root.resolve("__files"));
            Files.writeString(mappings.resolve("whatsapp-ok.json"), WHATSAPP_OK);
            Files.writeString(mappings.resolve("sms-ok.json"), SMS_OK);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        WireMockConfiguration options = WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .port(port)
                .usingFilesUnderDirectory(root.toString());
        int journal = Integer.getInteger(JOURNAL_ENTRIES, 10_000);
        WireMockServer server = new WireMockServer(journal <= 0 ? options.disableRequestJournal()
                : options.maxRequestJournalEntries(journal));
        server.start();
        return new ProviderStub(server);
    }

    public int port() {
        return server.port();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
