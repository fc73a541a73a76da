package hk.clinic.notification.rest;

import hk.clinic.notification.domain.Locales;
import hk.clinic.notification.service.OptOutTokens;
import hk.clinic.notification.service.OptOuts;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;
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

    private static final Map<String, String> DONE = Map.of(
            Locales.EN, "You will no longer receive offers from us. Appointment and aftercare messages continue.",
            Locales.ZH_HK, "你將不會再收到我們的優惠訊息。預約及護理訊息會照常發送。");

    @GET
    @Operation(summary = "Unsubscribe from offers (link)",
            description = "Opens from the unsubscribe link of a promotional message: the person will get no more offers "
                    + "(on this and every registration with the same phone or email). Appointment and aftercare "
                    + "messages continue. Safe to open twice.")
    @APIResponse(responseCode = "200", description = "Opted out",
            headers = @Header(name = "Content-Language", description = "en or zh-HK", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OptOutResult.class),
                    examples = @ExampleObject(name = "opted-out", value = """
                            {"optedOut":true,"message":"You will no longer receive offers from us. Appointment and aftercare messages continue."}""")))
    @APIResponse(responseCode = "429", description = "Too many requests from this address",
            headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "too-many-requests", value = ProblemExamples.TOO_MANY)))
    @APIResponse(responseCode = "400", description = "Missing, tampered or unknown token, or an unsupported locale",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid-token", value = ProblemExamples.INVALID_TOKEN)))
    public Response optOutByLink(@Parameter(description = "The signed token from the link",
            example = "5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01.q1w2e3r4t5y6u7i8o9p0") @QueryParam("token") String token,
                                 @Parameter(description = "Language of the answer: en or zh-HK (else Accept-Language)",
                                         example = "zh-HK") @QueryParam("locale") String locale,
                                 @Context HttpHeaders headers) {
        return optOut(token, locale, headers);
    }

    @POST
    @Operation(summary = "Unsubscribe from offers (one click)",
            description = "RFC 8058 one-click unsubscribe, posted by mail clients from the List-Unsubscribe header; "
                    + "same effect as the link.")
    @APIResponse(responseCode = "200", description = "Opted out",
            headers = @Header(name = "Content-Language", description = "en or zh-HK", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OptOutResult.class),
                    examples = @ExampleObject(name = "opted-out", value = """
                            {"optedOut":true,"message":"You will no longer receive offers from us. Appointment and aftercare messages continue."}""")))
    @APIResponse(responseCode = "429", description = "Too many requests from this address",
            headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "too-many-requests", value = ProblemExamples.TOO_MANY)))
    @APIResponse(responseCode = "400", description = "Missing, tampered or unknown token, or an unsupported locale",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid-token", value = ProblemExamples.INVALID_TOKEN)))
    public Response optOutOneClick(@Parameter(description = "The signed token from the link",
            example = "5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01.q1w2e3r4t5y6u7i8o9p0") @QueryParam("token") String token,
                                   @Parameter(description = "Language of the answer: en or zh-HK (else Accept-Language)",
                                           example = "en") @QueryParam("locale") String locale,
                                   @Context HttpHeaders headers) {
        return optOut(token, locale, headers);
    }

    private Response optOut(String token, String locale, HttpHeaders headers) {
        String language = RequestLocale.resolve(locale, headers);
        UUID registration = tokens.verify(token).orElseThrow(this::invalid);
        if (!optOuts.optOut(registration)) {
            throw invalid();
        }
        return Response.ok(new OptOutResult(true, DONE.get(language))).header("Content-Language", language).build();
    }

    private BadRequestProblem invalid() {
        return new BadRequestProblem("invalid-token", "The unsubscribe link is invalid",
                List.of(new Problem.FieldError("token", "is not a valid unsubscribe token")));
    }
}
