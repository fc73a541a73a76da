package hk.clinic.booking.messaging;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.List;

/**
 * An event's W3C trace context (its {@code traceparent}): taken from the change's request when the event goes into
 * the outbox, and given back to the relay's send, so the Kafka record, and whatever the consumers do with it,
 * continue the registration's trace even when the event leaves long after the request ended. notification-service
 * has its twin for the message rows: the services share no runtime code.
 */
final class TraceContexts {

    private static final String TRACEPARENT = "traceparent";

    /** Reads one stored traceparent as the propagator's whole carrier. */
    private static final TextMapGetter<String> STORED = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private TraceContexts() {
    }

    /** The current span's traceparent, or null where no valid span is current (tracing off, no request). */
    static String current() {
        String[] value = new String[1];
        W3CTraceContextPropagator.getInstance().inject(Context.current(), value, (carrier, key, v) -> {
            if (TRACEPARENT.equals(key)) {
                carrier[0] = v;
            }
        });
        return value[0];
    }

    /** The context a stored traceparent names; the root context for none or a malformed one. */
    static Context of(String traceParent) {
        return traceParent == null ? Context.root()
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), traceParent, STORED);
    }
}
