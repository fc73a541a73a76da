package hk.clinic.notification.rest;

import hk.clinic.notification.config.NotificationConfig;
import hk.clinic.notification.repository.NotificationRepository;
import hk.clinic.notification.service.StaffOperations;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/staff/notifications")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("staff")
@Tag(name = "Staff: notifications", description = "The messages of a registration, for the front desk")
@SecurityRequirement(name = "staffJwt")
@APIResponse(responseCode = "401", description = "No or invalid staff token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(name = "unauthorized", value = ProblemExamples.UNAUTHORIZED)))
@APIResponse(responseCode = "403", description = "The token lacks the staff group",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(name = "forbidden", value = ProblemExamples.FORBIDDEN)))
public class StaffNotificationResource {

    @Inject
    NotificationRepository notifications;

    @Inject
    StaffOperations operations;

    @Inject
    NotificationConfig config;

    @GET
    @Operation(summary = "Timeline of a registration's notifications",
            description = "Every message created for the registration (confirmation, reminders, notices, aftercare), "
                    + "oldest due first, with its channel, status, attempts and last error. Paginated.")
    @APIResponse(responseCode = "200", description = "The timeline",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NotificationPage.class),
                    examples = @ExampleObject(name = "timeline", value = """
                            {"items":[{"id":"9d7c8e1a-3b2f-4f6e-8a1d-5c4b3a291f00","registrationId":"5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01",
                            "type":"CONFIRMATION","step":"","channel":"EMAIL","status":"SENT","locale":"zh-HK",
                            "dueAt":"2026-11-26T17:00:00+08:00","sentAt":"2026-11-26T17:00:01+08:00","attempts":1,
                            "lastError":null,"providerMessageId":null,"fallbackOf":null},
                            {"id":"0a1b2c3d-3b2f-4f6e-8a1d-5c4b3a291f00","registrationId":"5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01",
                            "type":"REMINDER","step":"2026-12-01T06:30:00Z","channel":"WHATSAPP","status":"SCHEDULED","locale":"zh-HK",
                            "dueAt":"2026-11-30T14:30:00+08:00","sentAt":null,"attempts":0,"lastError":null,
                            "providerMessageId":null,"fallbackOf":null}],"page":0,"size":20,"total":2}""")))
    @APIResponse(responseCode = "400", description = "registrationId missing or not a UUID, or page/size out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid", value = ProblemExamples.INVALID_QUERY)))
    public NotificationPage timeline(
            @Parameter(description = "The registration", required = true, example = "5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01")
            @QueryParam("registrationId") String registrationId,
            @Parameter(description = "Page number, from 0", example = "0") @QueryParam("page") @DefaultValue("0") int page,
            @Parameter(description = "Page size, 1 to 100", example = "20") @QueryParam("size") @DefaultValue("20") int size) {
        List<Problem.FieldError> errors = new ArrayList<>();
        UUID id = null;
        if (registrationId == null || registrationId.isBlank()) {
            errors.add(new Problem.FieldError("registrationId", "is required"));
        } else {
            try {
                id = UUID.fromString(registrationId);
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("registrationId", "must be a UUID"));
            }
        }
        if (page < 0) {
            errors.add(new Problem.FieldError("page", "must be 0 or more"));
        }
        if (size < 1 || size > 100) {
            errors.add(new Problem.FieldError("size", "must be between 1 and 100"));
        }
        if (!errors.isEmpty()) {
            throw new BadRequestProblem("validation", "The query is invalid", errors);
        }
        UUID registration = id;
        List<NotificationView> items = notifications.timeline(registration, page, size).stream()
                .map(n -> NotificationView.of(n, config.zone())).toList();
        return new NotificationPage(items, page, size, notifications.timelineSize(registration));
    }

    @POST
    @Path("/{id}/retry")
    @Operation(summary = "Retry a failed notification",
            description = "Schedules a FAILED message again, due now (WhatsApp and SMS still wait for the end of quiet "
                    + "hours), with a fresh attempt budget.")
    @APIResponse(responseCode = "200", description = "Scheduled again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NotificationView.class),
                    examples = @ExampleObject(name = "retried", value = ProblemExamples.RETRIED)))
    @APIResponse(responseCode = "404", description = "No such notification",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-found", value = ProblemExamples.NOT_FOUND)))
    @APIResponse(responseCode = "409", description = "The notification is not FAILED",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "conflict", value = ProblemExamples.NOT_FAILED)))
    public NotificationView retry(@Parameter(description = "The notification", example = "9d7c8e1a-3b2f-4f6e-8a1d-5c4b3a291f00")
                                  @PathParam("id") String id) {
        return NotificationView.of(operations.retry(notificationId(id)), config.zone());
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel a scheduled notification",
            description = "Stops a SCHEDULED message from being sent. Messages being sent or already sent cannot be cancelled.")
    @APIResponse(responseCode = "200", description = "Cancelled",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NotificationView.class),
                    examples = @ExampleObject(name = "cancelled", value = ProblemExamples.CANCELLED)))
    @APIResponse(responseCode = "404", description = "No such notification",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-found", value = ProblemExamples.NOT_FOUND)))
    @APIResponse(responseCode = "409", description = "The notification is not SCHEDULED",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "conflict", value = ProblemExamples.NOT_SCHEDULED)))
    public NotificationView cancel(@Parameter(description = "The notification", example = "9d7c8e1a-3b2f-4f6e-8a1d-5c4b3a291f00")
                                   @PathParam("id") String id) {
        return NotificationView.of(operations.cancel(notificationId(id)), config.zone());
    }

    private static UUID notificationId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new StaffOperations.NotFound("No notification " + id);
        }
    }
}
