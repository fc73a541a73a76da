package hk.clinic.booking.rest;

import hk.clinic.booking.service.RateLimiter;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Counts every registration POST per client address, valid or not, before any work is done. The address is
 * the proxy-forwarded one when quarkus.http.proxy.* trusts the ingress.
 */
public class RateLimitFilter {

    @Inject
    Instance<RateLimiter> rateLimiter;

    @ServerRequestFilter
    public void limit(ContainerRequestContext context, HttpServerRequest request) {
        if ("POST".equals(context.getMethod()) && context.getUriInfo().getPath().replaceAll("/+$", "").equals("/api/v1/registrations")) {
            var address = request.remoteAddress();
            rateLimiter.get().checkAddress(address == null ? "unknown" : address.hostAddress());
        }
    }
}
