package hk.clinic.notification.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Meta's WhatsApp Cloud API: {@code POST {base}/{version}/{phone-number-id}/messages} with a bearer token. */
@Path("/")
public interface WhatsAppApi {

    @POST
    @Path("/{version}/{phoneNumberId}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode send(@PathParam("version") String version, @PathParam("phoneNumberId") String phoneNumberId,
                  @HeaderParam("Authorization") String authorization, TextMessage message);

    /** {@code {"messaging_product":"whatsapp","to":"852...","type":"text","text":{"body":"..."}}} */
    record TextMessage(String messaging_product, String to, String type, Text text) {
        public static TextMessage of(String to, String body) {
            return new TextMessage("whatsapp", to, "text", new Text(body));
        }
    }

    record Text(String body) {
    }
}
