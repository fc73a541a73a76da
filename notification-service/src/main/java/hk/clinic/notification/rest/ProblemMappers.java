package hk.clinic.notification.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import hk.clinic.notification.repository.DatabaseUnavailable;
import hk.clinic.notification.service.StaffOperations;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** Every error as an RFC 9457 problem: never a stack trace, never a 500 for bad input. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private static final Map<Integer, String[]> BY_STATUS = Map.of(
            400, new String[]{"bad-request", "Bad request"},
            401, new String[]{"unauthorized", "Unauthorized"},
            403, new String[]{"forbidden", "Forbidden"},
            404, new String[]{"not-found", "Not found"},
            405, new String[]{"method-not-allowed", "Method not allowed"},
            406, new String[]{"not-acceptable", "Not acceptable"},
            409, new String[]{"conflict", "Conflict"},
            415, new String[]{"unsupported-media-type", "Unsupported media type"});

    @ServerExceptionMapper
    public Response badRequest(BadRequestProblem e, UriInfo uri) {
        return respond(new Problem(Problem.BASE + e.slug(), "Bad request", 400, e.getMessage(), path(uri), e.errors()));
    }

    @ServerExceptionMapper
    public Response notFound(StaffOperations.NotFound e, UriInfo uri) {
        return respond(Problem.of("not-found", "Not found", 404, e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response conflict(StaffOperations.StateConflict e, UriInfo uri) {
        return respond(Problem.of("conflict", "Conflict", 409, e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthorized(path(uri));
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized(path(uri));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of("forbidden", "Forbidden", 403, "This operation needs the staff role", path(uri)));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        return respond(Problem.of("malformed-json", "Bad request", 400, "The request body is not valid JSON", path(uri)));
    }

    /**
     * Quarkus maps a body of the wrong shape (e.g. {@code []} for an object) with its own, more specific mapper,
     * which answers a bare 400; this one keeps it a problem (found by the all-in-one HostileInputTest).
     */
    @ServerExceptionMapper
    public Response mismatchedJson(com.fasterxml.jackson.databind.exc.MismatchedInputException e, UriInfo uri) {
        return malformedJson(e, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        String[] kind = BY_STATUS.getOrDefault(status, new String[]{"client-error", "Client error"});
        Response.ResponseBuilder builder = Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(kind[0], kind[1], status, e.getMessage(), path(uri)));
        if (status == 405 && e.getResponse().getHeaderString("Allow") != null) {
            builder.header("Allow", e.getResponse().getHeaderString("Allow"));
        }
        return builder.build();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Exception e, UriInfo uri) {
        var unavailable = DatabaseUnavailable.reason(e);
        if (unavailable.isPresent()) {
            // PostgreSQL is away (stopped, restarting, unreachable): retrying later is safe.
            LOG.warnf("Database unavailable for %s (%s): answered 503", path(uri), unavailable.get());
            return Response.fromResponse(respond(Problem.of("service-unavailable", "Service unavailable", 503,
                            "The service cannot reach its database right now; try again in a few seconds.", path(uri))))
                    .header("Retry-After", DatabaseUnavailable.RETRY_AFTER_SECONDS).build();
        }
        LOG.error("Unexpected error on " + path(uri), e);
        return respond(Problem.of("internal-error", "Internal error", 500, "Something went wrong on our side", path(uri)));
    }

    private static Response unauthorized(String instance) {
        return Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer")
                .entity(Problem.of("unauthorized", "Unauthorized", 401, "A valid staff bearer token is required", instance))
                .build();
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
