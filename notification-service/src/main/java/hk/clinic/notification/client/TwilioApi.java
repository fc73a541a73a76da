package hk.clinic.notification.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Twilio's Messages API: form-encoded {@code To/From/Body}, basic auth with the account SID and token. */
@Path("/2010-04-01/Accounts")
public interface TwilioApi {

    @POST
    @Path("/{accountSid}/Messages.json")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode send(@PathParam("accountSid") String accountSid,
                  @HeaderParam("Authorization") String authorization,
                  @HeaderParam("I-Twilio-Idempotency-Token") String idempotencyToken,
                  @FormParam("To") String to, @FormParam("From") String from, @FormParam("Body") String body);
}
