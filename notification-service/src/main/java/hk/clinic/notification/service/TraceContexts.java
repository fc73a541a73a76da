package hk.clinic.notification.service;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.List;

/**
 * The W3C trace context a registration's messages belong to: the consumer span of the event's Kafka record, kept
 * on each message row ({@code trace_parent}), and restored when the message is sent, however much later, so the provider
 * call continues the trace that booked the registration. booking-service has its twin for the outbox: the services
 * share no runtime code.
 */
public final class TraceContexts {

    private static final String TRACEPARENT = "traceparent";

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

    /** The current span's traceparent, or null where no valid span is current. */
    public static String current() {
        String[] value = new String[1];
        W3CTraceContextPropagator.getInstance().inject(Context.current(), value, (carrier, key, v) -> {
            if (TRACEPARENT.equals(key)) {
                carrier[0] = v;
            }
        });
        return value[0];
    }

    /** The context a stored traceparent names; the root context for none or a malformed one. */
    public static Context of(String traceParent) {
        return traceParent == null ? Context.root()
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), traceParent, STORED);
    }
}
