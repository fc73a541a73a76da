package hk.clinic.booking.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hk.clinic.booking.config.BookingConfig;
import hk.clinic.booking.domain.BookingWindow;
import hk.clinic.booking.domain.BranchSchedule;
import hk.clinic.booking.domain.Catalogue;
import hk.clinic.booking.domain.LocalizedText;
import hk.clinic.booking.domain.Registration;
import hk.clinic.booking.domain.SlotRules;
import hk.clinic.booking.domain.Treatment;
import hk.clinic.booking.service.CatalogueService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Builds the CloudEvents of a registration's life (shapes fixed by src/main/contract) and puts them in the
 * outbox of the caller's transaction. They carry what notification needs to reach the person and no more.
 */
@ApplicationScoped
public class RegistrationEvents {

    public static final String SOURCE = "booking-service";
    private static final DateTimeFormatter OFFSET_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    CatalogueService catalogue;

    @Inject
    OutboxWriter outbox;

    @Inject
    BookingConfig config;

    public void submitted(Registration r) {
        write(RegistrationEventType.SUBMITTED, r, data -> { });
    }

    public void rescheduled(Registration r, LocalDate previousDate, LocalTime previousTime) {
        write(RegistrationEventType.RESCHEDULED, r,
                data -> data.set("previousAppointment", appointment(r.treatmentCode, previousDate, previousTime)));
    }

    public void cancelled(Registration r, String cancelledBy) {
        write(RegistrationEventType.CANCELLED, r, data -> data.put("cancelledBy", cancelledBy));
    }

    public void attended(Registration r) {
        write(RegistrationEventType.ATTENDED, r,
                data -> data.put("treatedAt", r.treatedAt.atZone(BookingWindow.CLINIC_ZONE).format(OFFSET_SECONDS)));
    }

    public void noShow(Registration r) {
        write(RegistrationEventType.NO_SHOW, r, data -> { });
    }

    /** Says only which registration to forget: the erased person's data must not travel again. */
    public void erased(UUID registrationId, Instant erasedAt) {
        ObjectNode data = json.createObjectNode();
        data.put("registrationId", registrationId.toString());
        data.put("status", "ERASED");
        data.put("erasedAt", instant(erasedAt));
        outbox.append(envelope(RegistrationEventType.ERASED, registrationId, data));
    }

    private void write(RegistrationEventType type, Registration r, Consumer<ObjectNode> extra) {
        Catalogue c = catalogue.catalogue();
        Treatment t = c.treatment(r.treatmentCode).orElseThrow();
        BranchSchedule b = c.branch(r.branchCode).orElseThrow();
        ObjectNode data = json.createObjectNode();
        data.put("registrationId", r.id.toString());
        data.put("status", r.status.name());
        ObjectNode treatment = data.putObject("treatment");
        treatment.put("code", t.code);
        treatment.set("name", localized(t.name()));
        treatment.put("freeTrial", t.freeTrial);
        treatment.put("durationMinutes", t.durationMinutes);
        ObjectNode branch = data.putObject("branch");
        branch.put("code", b.branch().code);
        branch.set("name", localized(b.branch().name()));
        branch.set("address", localized(b.branch().address()));
        branch.put("phone", b.branch().phone);
        data.set("appointment", appointment(r.treatmentCode, r.slotDate, r.slotTime));
        ObjectNode contact = data.putObject("contact");
        contact.put("fullName", r.fullName);
        contact.put("phone", r.phone);
        if (r.email != null) {
            contact.put("email", r.email);
        }
        contact.put("language", r.language);
        contact.put("marketingOptIn", r.marketingOptIn);
        data.put("manageUrl", config.booking().manageUrlBase() + r.id);
        extra.accept(data);
        outbox.append(envelope(type, r.id, data));
    }

    private ObjectNode envelope(RegistrationEventType type, UUID subject, ObjectNode data) {
        ObjectNode event = json.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", UUID.randomUUID().toString());
        event.put("source", SOURCE);
        event.put("type", type.type());
        event.put("subject", subject.toString());
        event.put("time", instant(clock.instant()));
        event.put("datacontenttype", "application/json");
        event.put("dataschema", type.dataSchema());
        event.set("data", data);
        return event;
    }

    private ObjectNode appointment(String treatmentCode, LocalDate date, LocalTime time) {
        Treatment t = catalogue.catalogue().treatment(treatmentCode).orElseThrow();
        var starts = date.atTime(time).atZone(BookingWindow.CLINIC_ZONE);
        ObjectNode a = json.createObjectNode();
        a.put("date", date.toString());
        a.put("time", SlotRules.format(time));
        a.put("startsAt", starts.format(OFFSET_SECONDS));
        a.put("endsAt", starts.plusMinutes(t.durationMinutes).format(OFFSET_SECONDS));
        return a;
    }

    private ObjectNode localized(LocalizedText text) {
        ObjectNode n = json.createObjectNode();
        n.put("en", text.en());
        n.put("zh-HK", text.zhHk());
        return n;
    }

    private static String instant(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
