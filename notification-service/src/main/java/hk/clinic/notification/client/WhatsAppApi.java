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

    /**
     * {@code {"messaging_product":"whatsapp","to":"852...","type":"text","text":{"body":"..."},"biz_opaque_callback_data":"<id>"}}.
     * Meta does not process {@code biz_opaque_callback_data}; it returns it in the message's status webhooks, so a
     * message sent twice (the Cloud API has no idempotency key) is recognisable as one notification.
     */
    record TextMessage(String messaging_product, String to, String type, Text text, String biz_opaque_callback_data) {
        public static TextMessage of(String to, String body, String notificationId) {
            return new TextMessage("whatsapp", to, "text", new Text(body), notificationId);
        }
    }

    record Text(String body) {
    }
}
