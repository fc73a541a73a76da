package hk.clinic.notification.rest;

import hk.clinic.notification.config.AdjustableClock;
import hk.clinic.notification.config.NotificationConfig;
import hk.clinic.notification.service.StaffOperations;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Moves the service's clock forward, so system tests see reminders and aftercare go out without waiting days.
 * Answers 404 unless {@code clinic.clock.adjustable=true}, which is off by default and never set in production.
 */
@Path("/api/v1/staff/clock")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("staff")
@Tag(name = "Staff: test clock", description = "Time control for test environments; absent in production")
@SecurityRequirement(name = "staffJwt")
@APIResponse(responseCode = "404", description = "The clock is not adjustable in this environment",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(name = "disabled", value = ProblemExamples.CLOCK_OFF)))
@APIResponse(responseCode = "401", description = "No or invalid staff token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(name = "unauthorized", value = ProblemExamples.UNAUTHORIZED)))
@APIResponse(responseCode = "403", description = "The token lacks the staff group",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(name = "forbidden", value = ProblemExamples.FORBIDDEN)))
public class ClockResource {

    @Inject
    AdjustableClock clock;

    @Inject
    NotificationConfig config;

    @Schema(name = "ClockState")
    public record ClockState(@Schema(examples = "2026-11-27T09:00:00Z") Instant now,
                             @Schema(description = "How far ahead of real time", examples = "PT15H30M") String offset) {
    }

    @Schema(name = "ClockAdvance", description = "Exactly one of advanceBy and advanceTo")
    public record ClockAdvance(@Schema(description = "ISO-8601 duration", examples = "PT24H") String advanceBy,
                               @Schema(description = "An instant ahead of now", examples = "2026-12-01T01:00:00Z") String advanceTo) {
    }

    @GET
    @Operation(summary = "Read the service clock", description = "The service's current time and its offset from real time.")
    @APIResponse(responseCode = "200", description = "The clock",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ClockState.class),
                    examples = @ExampleObject(name = "clock", value = """
                            {"now":"2026-11-27T09:00:00Z","offset":"PT15H30M"}""")))
    public ClockState read() {
        requireAdjustable();
        return state();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move the service clock forward",
            description = "Adds a duration to the clock or moves it to a later instant; it never goes back.")
    @APIResponse(responseCode = "200", description = "The clock after the move",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ClockState.class),
                    examples = @ExampleObject(name = "moved", value = """
                            {"now":"2026-11-28T09:00:00Z","offset":"PT39H30M"}""")))
    @APIResponse(responseCode = "400", description = "Neither or both fields, a negative duration or an unreadable value",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid", value = """
                            {"type":"https://api.clinic.hk/problems/validation","title":"Bad request","status":400,
                            "detail":"The clock move is invalid","instance":"/api/v1/staff/clock",
                            "errors":[{"field":"advanceBy","message":"must be a positive ISO-8601 duration"}]}""")))
    public ClockState advance(ClockAdvance request) {
        requireAdjustable();
        try {
            if (request != null && request.advanceBy() != null && request.advanceTo() == null) {
                Duration by = Duration.parse(request.advanceBy());
                if (by.isNegative()) {
                    throw invalid("advanceBy", "must be a positive ISO-8601 duration");
                }
                clock.advance(by);
            } else if (request != null && request.advanceTo() != null && request.advanceBy() == null) {
                clock.advanceTo(Instant.parse(request.advanceTo()));
            } else {
                throw invalid("advanceBy", "give exactly one of advanceBy and advanceTo");
            }
        } catch (DateTimeParseException e) {
            throw invalid(request.advanceBy() != null ? "advanceBy" : "advanceTo", "is not a valid ISO-8601 value");
        }
        return state();
    }

    private ClockState state() {
        return new ClockState(clock.instant(), clock.offset().toString());
    }

    private void requireAdjustable() {
        if (!config.clock().adjustable()) {
            throw new StaffOperations.NotFound("The clock cannot be moved in this environment");
        }
    }

    private static BadRequestProblem invalid(String field, String message) {
        return new BadRequestProblem("validation", "The clock move is invalid", List.of(new Problem.FieldError(field, message)));
    }
}
