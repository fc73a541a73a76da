package hk.clinic.notification.rest;

import hk.clinic.notification.config.NotificationConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Public write endpoints (the opt-out) allow a fixed number of requests per client address and minute, so
 * nobody can probe tokens at speed; over the limit the answer is a 429 problem with Retry-After.
 * Real time on purpose: the adjustable test clock must not open the gate.
 */
@Singleton
public class PublicRateLimit {

    private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** Looked up per request: the filter is created before runtime configuration exists. */
    @Inject
    Instance<NotificationConfig> config;

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        final long start;
        int count;

        Window(long start) {
            this.start = start;
        }
    }

    @ServerRequestFilter
    public Response limit(ContainerRequestContext context, HttpServerRequest request) {
        if (!context.getUriInfo().getPath().startsWith("/api/v1/opt-outs")) {
            return null;
        }
        long now = System.nanoTime();
        String client = request.remoteAddress() == null ? "unknown" : request.remoteAddress().host();
        if (windows.size() > 10_000) {
            windows.values().removeIf(w -> now - w.start >= WINDOW_NANOS);
        }
        Window window = windows.compute(client, (k, w) -> {
            Window current = w == null || now - w.start >= WINDOW_NANOS ? new Window(now) : w;
            current.count++;
            return current;
        });
        if (window.count <= config.get().optOut().rateLimitPerMinute()) {
            return null;
        }
        long retryAfter = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(WINDOW_NANOS - (now - window.start)) + 1);
        return Response.status(429).type(Problem.MEDIA_TYPE).header("Retry-After", retryAfter)
                .entity(Problem.of("too-many-requests", "Too many requests", 429,
                        "Too many requests from this address; try again in " + retryAfter + " s",
                        context.getUriInfo().getRequestUri().getRawPath()))
                .build();
    }
}
