package hk.clinic.content.rest;

import hk.clinic.content.config.ContentConfig;
import hk.clinic.content.service.PublicContent;
import hk.clinic.content.service.Rendered;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.concurrent.CompletionStage;

@Path("/api/v1/aftercare-plans")
@Tag(name = "Aftercare plans", description = "Per-treatment aftercare series that notification-service schedules")
public class AftercarePlanResource {

    /** One document holds every locale, so consumers cache a single copy per plan. */
    private static final String ALL_LOCALES = "en, zh-HK";

    private final PublicContent content;
    private final ContentConfig config;

    public AftercarePlanResource(PublicContent content, ContentConfig config) {
        this.content = content;
        this.config = config;
    }

    @GET
    @Produces(PublicContent.JSON)
    @Operation(summary = "List aftercare plans", description = "One summary per booking treatment code. Paginated.")
    @APIResponse(responseCode = "200", description = "A page of plan summaries", headers = {
            @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING), description = "Strong validator: a hash of these exact bytes; send it back in If-None-Match"),
            @Header(name = "Cache-Control", schema = @Schema(type = SchemaType.STRING), description = "public, max-age=300, stale-while-revalidate=60, stale-if-error=86400"),
            @Header(name = "Content-Language", schema = @Schema(type = SchemaType.STRING), description = "en, zh-HK: every locale is in the one document")},
            content = @Content(mediaType = PublicContent.JSON, schema = @Schema(implementation = AftercarePlanSummary.Page.class),
                    examples = @ExampleObject(name = "plans", value = ApiExamples.PLANS)))
    @APIResponse(responseCode = "304", description = "Not modified (If-None-Match matched the ETag)")
    @APIResponse(responseCode = "400", description = "Invalid paging",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid-paging", value = ApiExamples.BAD_PAGE)))
    @NonBlocking
    public CompletionStage<Response> listAftercarePlans(
            @Parameter(in = ParameterIn.HEADER, name = "If-None-Match", description = "ETag of a cached copy")
            @HeaderParam("If-None-Match") String ifNoneMatch,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return content.plans(page, size).thenApply(r -> respond(r, ifNoneMatch));
    }

    @GET
    @Path("/{treatmentCode}")
    @Produces(PublicContent.JSON)
    @Operation(summary = "Get an aftercare plan", description = "Steps at offsets from the treatment time (PT0S, PT48H, P3D, "
            + "P7D, P10D) with title and body in every locale, and the guide's aftercare rules resolved with their text.")
    @APIResponse(responseCode = "200", description = "The plan, all locales", headers = {
            @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING), description = "Strong validator: a hash of these exact bytes; send it back in If-None-Match"),
            @Header(name = "Cache-Control", schema = @Schema(type = SchemaType.STRING), description = "public, max-age=300, stale-while-revalidate=60, stale-if-error=86400"),
            @Header(name = "Content-Language", schema = @Schema(type = SchemaType.STRING), description = "en, zh-HK: every locale is in the one document")},
            content = @Content(mediaType = PublicContent.JSON, schema = @Schema(implementation = AftercarePlanResponse.class),
                    examples = @ExampleObject(name = "laser", value = ApiExamples.PLAN)))
    @APIResponse(responseCode = "304", description = "Not modified (If-None-Match matched the ETag)")
    @APIResponse(responseCode = "404", description = "Unknown treatment code",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-found", value = ApiExamples.NOT_FOUND_PLAN)))
    @NonBlocking
    public CompletionStage<Response> plan(
            @Parameter(example = "milia-laser-ablation") @PathParam("treatmentCode") String treatmentCode,
            @Parameter(in = ParameterIn.HEADER, name = "If-None-Match", description = "ETag of a cached copy")
            @HeaderParam("If-None-Match") String ifNoneMatch) {
        return content.plan(treatmentCode).thenApply(r -> {
            if (r.missing()) {
                throw ProblemException.notFound("No aftercare plan for treatment code " + treatmentCode);
            }
            return respond(r, ifNoneMatch);
        });
    }

    private Response respond(Rendered r, String ifNoneMatch) {
        return Response.fromResponse(CachedResponses.of(r, ifNoneMatch, config.cache().publicCacheControl(), null))
                .header("Content-Language", ALL_LOCALES).build();
    }
}
