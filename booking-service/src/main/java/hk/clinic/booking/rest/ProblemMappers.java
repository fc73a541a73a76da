package hk.clinic.booking.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import hk.clinic.booking.domain.BookingProblem;
import hk.clinic.booking.domain.FieldError;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Turns every failure into an RFC 9457 problem: no stack trace, no 500 for bad input. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response booking(BookingProblem e, UriInfo uri) {
        int status = switch (e.kind()) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNPROCESSABLE -> 422;
            case RATE_LIMITED -> 429;
        };
        Response response = Problem.of(e.slug(), e.title(), status, e.getMessage(), path(uri), e.errors()).toResponse();
        if (e.kind() == BookingProblem.Kind.RATE_LIMITED) {
            return Response.fromResponse(response).header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
        }
        return response;
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
        String detail = errors.size() == 1 ? errors.get(0).message() : "The request has " + errors.size() + " invalid fields.";
        return Problem.of("validation-failed", "Invalid request", 400, detail, path(uri), errors).toResponse();
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String message = e instanceof UnrecognizedPropertyException ? "Unknown field"
                    : e instanceof InvalidFormatException f ? "Invalid value " + quoted(f.getValue()) + expected(field)
                    : "Invalid value" + expected(field);
            return Problem.of("validation-failed", "Invalid request", 400, field + ": " + message, path(uri),
                    List.of(new FieldError(field, message))).toResponse();
        }
        return Problem.of("malformed-request", "Malformed request body", 400,
                "The request body is not well-formed JSON.", path(uri), List.of()).toResponse();
    }

    /** Takes precedence over Quarkus' built-in mapper, which answers plain JSON. */
    @ServerExceptionMapper
    public Response mismatched(com.fasterxml.jackson.databind.exc.MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return Response.fromResponse(Problem.of("unauthorized", "Unauthorized", 401,
                "A valid staff bearer token is required.", path(uri), List.of()).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized(new UnauthorizedException(), uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return Problem.of("forbidden", "Forbidden", 403, "This operation is for clinic staff only.", path(uri), List.of())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (e instanceof NotFoundException) {
            return Problem.of("not-found", "Not found", 404, "No resource at this path.", path(uri), List.of()).toResponse();
        }
        if (e instanceof NotAllowedException) {
            return Response.fromResponse(Problem.of("method-not-allowed", "Method not allowed", 405,
                    "This resource does not support this method.", path(uri), List.of()).toResponse())
                    .header(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW)).build();
        }
        if (e instanceof NotSupportedException) {
            return Problem.of("unsupported-media-type", "Unsupported media type", 415,
                    "Send the request body as application/json.", path(uri), List.of()).toResponse();
        }
        if (status == 413) {
            return Problem.of("payload-too-large", "Payload too large", 413,
                    "The request body is larger than this API accepts.", path(uri), List.of()).toResponse();
        }
        if (status == 406) {
            return Problem.of("not-acceptable", "Not acceptable", 406,
                    "This resource answers application/json.", path(uri), List.of()).toResponse();
        }
        if (status >= 500) {
            LOG.errorf("Request failed: %s", e.toString());
            return Problem.of("internal-error", "Internal error", status, "The request could not be completed.",
                    path(uri), List.of()).toResponse();
        }
        if (e.getCause() instanceof JsonProcessingException j) {
            return json(j, uri);
        }
        return Problem.of("bad-request", "Bad request", status, "The request is not valid.", path(uri), List.of()).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException j) {
            return json(j, uri);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            // Two changes of one registration at once: the version check let the first win.
            if (t instanceof jakarta.persistence.OptimisticLockException || t instanceof org.hibernate.StaleStateException) {
                return Problem.of("concurrent-modification", "Changed concurrently", 409,
                        "The registration was changed by another request at the same time; reload it and try again.",
                        path(uri), List.of()).toResponse();
            }
        }
        var unavailable = DatabaseUnavailable.reason(e);
        if (unavailable.isPresent()) {
            return databaseUnavailable(unavailable.get(), uri);
        }
        LOG.errorf(e, "Unexpected failure of %s", path(uri));
        return Problem.of("internal-error", "Internal error", 500, "The request could not be completed.", path(uri), List.of())
                .toResponse();
    }

    /** PostgreSQL is away (stopped, restarting, unreachable): nothing was written, so retrying later is safe. */
    private static Response databaseUnavailable(String reason, UriInfo uri) {
        LOG.warnf("Database unavailable for %s (%s): answered 503", path(uri), reason);
        return Response.fromResponse(Problem.of("service-unavailable", "Service unavailable", 503,
                        "The service cannot reach its database right now; try again in a few seconds.", path(uri), List.of())
                        .toResponse())
                .header(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS).build();
    }

    private static String field(ConstraintViolation<?> v) {
        // Paths look like "create.request.consent.accepted": drop the method and parameter names.
        String[] nodes = java.util.stream.StreamSupport.stream(v.getPropertyPath().spliterator(), false)
                .map(Path.Node::toString).toArray(String[]::new);
        if (nodes.length <= 2) {
            return nodes[nodes.length - 1];
        }
        return String.join(".", java.util.Arrays.copyOfRange(nodes, 2, nodes.length));
    }

    private static String expected(String field) {
        if (field.endsWith("Date") || field.equals("date") || field.equals("from") || field.equals("to")) {
            return " (expected a date yyyy-MM-dd)";
        }
        if (field.endsWith("Time")) {
            return " (expected a time HH:mm)";
        }
        if (field.endsWith("At")) {
            return " (expected an ISO-8601 instant with offset)";
        }
        return "";
    }

    private static String quoted(Object value) {
        return value == null ? "null" : "'" + value + "'";
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }
}
