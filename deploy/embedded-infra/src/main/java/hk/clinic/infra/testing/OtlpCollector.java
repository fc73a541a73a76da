package hk.clinic.infra.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * An OpenTelemetry collector for tests: WireMock on a random port taking OTLP/HTTP trace exports
 * ({@code POST /v1/traces}, protobuf), and the spans they carried, decoded with the OTLP protocol's own classes.
 * A test profile names it in {@code testResources()} and returns {@link #EXPORT_ON} from {@code getConfigOverrides()}
 * (embedded-infra has no quarkus-junit5 to hold that profile); the test reads the port from {@link #PORT}. It takes {@code http/protobuf}, not the gRPC
 * the services' deployments use: the spans, their trace ids and their parents are the same, only the transport
 * differs.
 */
public class OtlpCollector implements QuarkusTestResourceLifecycleManager {

    /** Config property (set by this resource): the collector's port, for {@link #spans(int)}. */
    public static final String PORT = "test.otlp-collector.port";

    /**
     * Span export on, as ops turn it on: every trace sampled, spans exported over OTLP. The services' test builds
     * otherwise have no exporter ({@code %test.quarkus.otel.traces.exporter=none}), a build-time setting, so a
     * profile with these overrides runs in a Quarkus build of its own.
     */
    public static final Map<String, String> EXPORT_ON = Map.of(
            "%test.quarkus.otel.traces.exporter", "cdi",
            "quarkus.otel.traces.sampler.arg", "1.0");

    static final String TRACES_PATH = "/v1/traces";

    private static final HexFormat HEX = HexFormat.of();

    private WireMockServer server;

    /** One exported span, with the hex ids the W3C traceparent uses. */
    public record ExportedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
                               Span.SpanKind kind, Map<String, String> attributes, boolean error, String statusMessage) {
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(post(urlEqualTo(TRACES_PATH))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-protobuf")));
        return Map.of(
                "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                "quarkus.otel.exporter.otlp.traces.endpoint", server.baseUrl(),
                // Export within a tenth of a second of a span's end instead of the default 5 s.
                "quarkus.otel.bsp.schedule.delay", "100ms",
                PORT, Integer.toString(server.port()));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Every span exported to the collector on this port so far, in the order they arrived. */
    public static List<ExportedSpan> spans(int port) {
        List<ExportedSpan> spans = new ArrayList<>();
        for (LoggedRequest request : new WireMock("127.0.0.1", port).find(postRequestedFor(urlEqualTo(TRACES_PATH)))) {
            ExportTraceServiceRequest export;
            try {
                export = ExportTraceServiceRequest.parseFrom(request.getBody());
            } catch (InvalidProtocolBufferException e) {
                throw new UncheckedIOException("not an OTLP trace export: " + request.getHeader("Content-Type"), e);
            }
            for (ResourceSpans resource : export.getResourceSpansList()) {
                String service = attributes(resource.getResource().getAttributesList()).get("service.name");
                for (ScopeSpans scope : resource.getScopeSpansList()) {
                    for (Span span : scope.getSpansList()) {
                        spans.add(new ExportedSpan(service, hex(span.getTraceId()), hex(span.getSpanId()),
                                hex(span.getParentSpanId()), span.getName(), span.getKind(),
                                attributes(span.getAttributesList()),
                                span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR,
                                span.getStatus().getMessage()));
                    }
                }
            }
        }
        return spans;
    }

    /** The spans of one trace exported to the collector on this port so far. */
    public static List<ExportedSpan> trace(int port, String traceId) {
        return spans(port).stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    /** The first span of that trace with this name, if it was exported yet. */
    public static Optional<ExportedSpan> span(int port, String traceId, String name) {
        return trace(port, traceId).stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static Map<String, String> attributes(List<KeyValue> values) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (KeyValue kv : values) {
            AnyValue v = kv.getValue();
            attributes.put(kv.getKey(), switch (v.getValueCase()) {
                case STRING_VALUE -> v.getStringValue();
                case INT_VALUE -> Long.toString(v.getIntValue());
                case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
                case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
                default -> v.toString();
            });
        }
        return attributes;
    }

    private static String hex(ByteString bytes) {
        return HEX.formatHex(bytes.toByteArray());
    }
}
