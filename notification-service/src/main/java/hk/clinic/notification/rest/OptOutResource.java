package hk.clinic.notification.rest;

import hk.clinic.notification.service.OptOutTokens;
import hk.clinic.notification.service.OptOuts;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** The target of the unsubscribe link in promotional messages. */
@Path("/api/v1/opt-outs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Opt-out", description = "Withdrawing consent to direct marketing")
public class OptOutResource {

    @Inject
    OptOutTokens tokens;

    @Inject
    OptOuts optOuts;

    @Schema(name = "OptOutResult")
    public record OptOutResult(@Schema(examples = "true") boolean optedOut,
                               @Schema(examples = "You will no longer receive offers from us.") String message) {
    }

    @GET
    @Operation(summary = "Unsubscribe from offers (link)",
            description = "Opens from the unsubscribe link of a promotional message: the person will get no more offers "
                    + "(on this and every registration with the same phone or email). Appointment and aftercare "
                    + "messages continue. Safe to open twice.")
    @APIResponse(responseCode = "200", description = "Opted out",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OptOutResult.class),
                    examples = @ExampleObject(name = "opted-out", value = """
                            {"optedOut":true,"message":"You will no longer receive offers from us."}""")))
    @APIResponse(responseCode = "400", description = "Missing, tampered or unknown token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid-token", value = ProblemExamples.INVALID_TOKEN)))
    public OptOutResult optOutByLink(@Parameter(description = "The signed token from the link",
            example = "5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01.q1w2e3r4t5y6u7i8o9p0") @QueryParam("token") String token) {
        return optOut(token);
    }

    @POST
    @Operation(summary = "Unsubscribe from offers (one click)",
            description = "RFC 8058 one-click unsubscribe, posted by mail clients from the List-Unsubscribe header; "
                    + "same effect as the link.")
    @APIResponse(responseCode = "200", description = "Opted out",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OptOutResult.class),
                    examples = @ExampleObject(name = "opted-out", value = """
                            {"optedOut":true,"message":"You will no longer receive offers from us."}""")))
    @APIResponse(responseCode = "400", description = "Missing, tampered or unknown token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid-token", value = ProblemExamples.INVALID_TOKEN)))
    public OptOutResult optOutOneClick(@Parameter(description = "The signed token from the link",
            example = "5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01.q1w2e3r4t5y6u7i8o9p0") @QueryParam("token") String token) {
        return optOut(token);
    }

    private OptOutResult optOut(String token) {
        UUID registration = tokens.verify(token).orElseThrow(this::invalid);
        if (!optOuts.optOut(registration)) {
            throw invalid();
        }
        return new OptOutResult(true, "You will no longer receive offers from us.");
    }

    private BadRequestProblem invalid() {
        return new BadRequestProblem("invalid-token", "The unsubscribe link is invalid",
                List.of(new Problem.FieldError("token", "is not a valid unsubscribe token")));
    }
}
