package hk.clinic.notification.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Reads and checks a record value; anything this service could not act on is rejected here, before any effect. */
@ApplicationScoped
public class RegistrationEventParser {

    @Inject
    ObjectMapper mapper;

    public ParsedEvent parse(String value) {
        RegistrationEvent event;
        try {
            event = mapper.readValue(value, RegistrationEvent.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidEventException("Not a readable CloudEvent: " + e.getClass().getSimpleName(), e);
        }
        if (event == null || blank(event.id()) || blank(event.type()) || !"1.0".equals(event.specversion())) {
            throw new InvalidEventException("Not a CloudEvent 1.0: id, type or specversion missing");
        }
        RegistrationEventType type = RegistrationEventType.of(event.type())
                .orElseThrow(() -> new InvalidEventException("Unknown event type " + event.type()));
        RegistrationEvent.Data data = event.data();
        if (data == null || data.registrationId() == null) {
            throw new InvalidEventException("Event " + event.id() + " has no data.registrationId");
        }
        if (type != RegistrationEventType.ERASED) {
            require(data.treatment() != null && !blank(data.treatment().code()), event, "treatment.code");
            require(data.branch() != null, event, "branch");
            require(data.appointment() != null && data.appointment().startsAt() != null, event, "appointment.startsAt");
            require(data.contact() != null, event, "contact");
        }
        if (type == RegistrationEventType.ATTENDED) {
            require(data.treatedAt() != null, event, "treatedAt");
        }
        return new ParsedEvent(type, event);
    }

    private static void require(boolean ok, RegistrationEvent event, String field) {
        if (!ok) {
            throw new InvalidEventException("Event " + event.id() + " (" + event.type() + ") lacks data." + field);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    public record ParsedEvent(RegistrationEventType type, RegistrationEvent event) {
        public RegistrationEvent.Data data() {
            return event.data();
        }
    }
}
