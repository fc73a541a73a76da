package hk.clinic.content.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A NUL character (%00) in the path can't match any slug or treatment code, and PostgreSQL refuses it as a
 * query parameter: answer 400 here instead of a 500 from the database (found by the all-in-one
 * HostileInputTest). Query parameters are checked where they are read (search answers invalid-query).
 */
public class NulCharacterFilter {

    @ServerRequestFilter(preMatching = true)
    public void refuseNul(ContainerRequestContext request) {
        if (request.getUriInfo().getPath().indexOf('\u0000') >= 0) {
            throw ProblemException.badRequest("invalid-character", "Invalid character", "The path holds a NUL character.");
        }
    }
}
