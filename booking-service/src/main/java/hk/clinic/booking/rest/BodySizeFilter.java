package hk.clinic.booking.rest;

import hk.clinic.booking.config.BookingConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a declared oversized body before it is read, as a problem document (Vert.x' own limit,
 * quarkus.http.limits.max-body-size, stays as the hard backstop for undeclared lengths).
 */
public class BodySizeFilter {

    /** Looked up on first use, not injected: filters are built at static init, before runtime configuration exists. */
    @Inject
    Instance<BookingConfig> config;

    /** The configured limit, read once: the mapping is a dependent bean, built anew by every lookup. */
    private volatile long maxBodyBytes = -1;

    @ServerRequestFilter(preMatching = true)
    public void limit(ContainerRequestContext context) {
        String length = context.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBodyBytes()) {
                    throw new WebApplicationException(Response.Status.REQUEST_ENTITY_TOO_LARGE);
                }
            } catch (NumberFormatException e) {
                throw new WebApplicationException(Response.Status.BAD_REQUEST);
            }
        }
    }

    private long maxBodyBytes() {
        long max = maxBodyBytes;
        if (max < 0) {
            max = config.get().booking().maxBodyBytes();
            maxBodyBytes = max;
        }
        return max;
    }
}
