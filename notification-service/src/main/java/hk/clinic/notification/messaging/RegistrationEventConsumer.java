package hk.clinic.notification.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hk.clinic.notification.repository.MessageLog;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Applies booking's registration events (CloudEvents, structured JSON) exactly once. */
@ApplicationScoped
public class RegistrationEventConsumer {

    @Inject
    ObjectMapper mapper;

    @Inject
    MessageLog messageLog;

    @Incoming("registration-events")
    @Blocking
    @Transactional
    public void onEvent(String value) throws JsonProcessingException {
        JsonNode event = mapper.readTree(value);
        String id = event.path("id").asText("");
        if (id.isBlank() || !event.hasNonNull("type")) {
            throw new IllegalArgumentException("Not a CloudEvent: no id or type");
        }
        messageLog.firstTime(id, event.get("type").asText(), event.path("subject").asText(null));
    }
}
