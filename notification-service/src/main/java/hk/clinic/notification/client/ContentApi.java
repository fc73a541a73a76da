package hk.clinic.notification.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** content-service, as far as this service calls it. */
@Path("/api/v1/aftercare-plans")
public interface ContentApi {

    @GET
    @Path("/{treatmentCode}")
    @Produces(MediaType.APPLICATION_JSON)
    Response aftercarePlan(@PathParam("treatmentCode") String treatmentCode,
                           @HeaderParam("If-None-Match") String ifNoneMatch);
}
