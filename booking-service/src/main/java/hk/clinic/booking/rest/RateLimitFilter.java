package hk.clinic.booking.rest;

import hk.clinic.booking.service.RateLimiter;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Counts every registration POST per client address, valid or not, before any work is done. The address is
 * the proxy-forwarded one when quarkus.http.proxy.* trusts the ingress.
 */
public class RateLimitFilter {

    @Inject
    RateLimiter rateLimiter;

    @ServerRequestFilter
    public void limit(ContainerRequestContext context, HttpServerRequest request) {
        if ("POST".equals(context.getMethod()) && isRegistrations(context.getUriInfo().getPath())) {
            var address = request.remoteAddress();
            rateLimiter.checkAddress(address == null ? "unknown" : address.hostAddress());
        }
    }

    /** The collection path, with any trailing slashes (no regular expression on every request). */
    static boolean isRegistrations(String path) {
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.regionMatches(0, "/api/v1/registrations", 0, 21) && end == 21;
    }
}
