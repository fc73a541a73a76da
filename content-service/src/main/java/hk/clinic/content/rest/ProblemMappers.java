package hk.clinic.content.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import hk.clinic.content.domain.FieldError;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/** Every error as an RFC 9457 problem document: no stack traces, no 500 for bad input. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        return build(e.status(), e.slug(), e.title(), e.getMessage(), request, e.errors());
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, HttpServerRequest request) {
        List<FieldError> errors = e.getConstraintViolations().stream().map(v -> {
            String path = v.getPropertyPath().toString();
            // "list.arg3" or "list.size": keep the parameter's name only.
            String field = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
            return new FieldError(field, v.getMessage());
        }).toList();
        return build(400, "validation-failed", "Validation failed",
                "The request has " + errors.size() + " invalid field(s)", request, errors);
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e, HttpServerRequest request) {
        if (e instanceof MismatchedInputException m) {
            return mismatched(m, request);
        }
        return build(400, "malformed-json", "Malformed JSON", "The request body is not valid JSON for this operation",
                request, null);
    }

    /** Well-formed JSON of the wrong shape ("sections": "text"): names the field that does not fit. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, HttpServerRequest request) {
        String field = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
        List<FieldError> errors = field.isEmpty() ? null : List.of(new FieldError(field, "has the wrong JSON type"));
        return build(400, "malformed-json", "Malformed JSON", "The request body is not valid JSON for this operation",
                request, errors);
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e, HttpServerRequest request) {
        return build(415, "unsupported-media-type", "Unsupported media type", "Send application/json", request, null);
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e, HttpServerRequest request) {
        return build(406, "not-acceptable", "Not acceptable",
                "This resource is served as application/json (the FAQ also as application/ld+json)", request, null);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, HttpServerRequest request) {
        return build(404, "not-found", "Not found", "No such resource", request, null);
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, HttpServerRequest request) {
        Response r = build(405, "method-not-allowed", "Method not allowed", "This resource does not support "
                + request.method(), request, null);
        return Response.fromResponse(r).allow(e.getResponse().getAllowedMethods()).build();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, HttpServerRequest request) {
        return Response.fromResponse(build(401, "unauthorized", "Unauthorized", "A valid bearer token is required", request, null))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return build(403, "forbidden", "Forbidden", "The staff group is required", request, null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
            return build(500, "internal-error", "Internal error", "Something went wrong on our side", request, null);
        }
        if (e.getCause() instanceof JsonProcessingException) {
            return malformed((JsonProcessingException) e.getCause(), request);
        }
        Response.StatusType type = e.getResponse().getStatusInfo();
        String slug = type.getReasonPhrase().toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return build(status, slug.isEmpty() ? "bad-request" : slug, type.getReasonPhrase(), "The request was not accepted",
                request, null);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, HttpServerRequest request) {
        var unavailable = DatabaseUnavailable.reason(e);
        if (unavailable.isPresent()) {
            // PostgreSQL is away (stopped, restarting, unreachable): retrying later is safe.
            LOG.warnf("Database unavailable for %s (%s): answered 503", request.path(), unavailable.get());
            return Response.fromResponse(build(503, "service-unavailable", "Service unavailable",
                            "The service cannot reach its database right now; try again in a few seconds.", request, null))
                    .header("Retry-After", DatabaseUnavailable.RETRY_AFTER_SECONDS).build();
        }
        LOG.error("request failed", e);
        return build(500, "internal-error", "Internal error", "Something went wrong on our side", request, null);
    }

    private static Response build(int status, String slug, String title, String detail, HttpServerRequest request,
                                  List<FieldError> errors) {
        Problem p = new Problem(Problem.BASE + slug, title, status, detail, request.path(), errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
