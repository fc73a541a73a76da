package hk.clinic.content.rest;

import hk.clinic.content.domain.GuideContent;
import hk.clinic.content.domain.Locales;
import hk.clinic.content.service.RenderCache;
import hk.clinic.content.service.StaffGuides;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/staff/guides/{slug}")
@RolesAllowed("staff")
@SecurityRequirement(name = "staffJwt")
@Tag(name = "Staff: guides", description = "Drafts per locale, publishing, version history (JWT group staff)")
@APIResponse(responseCode = "401", description = "No or invalid bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(name = "unauthorized", value = ApiExamples.UNAUTHORIZED)))
@APIResponse(responseCode = "403", description = "Token without the staff group",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(name = "forbidden", value = ApiExamples.FORBIDDEN)))
public class StaffGuideResource {

    private static final String NO_STORE = "private, no-store";

    private final StaffGuides staff;
    private final RenderCache cache;
    private final SecurityIdentity identity;

    public StaffGuideResource(StaffGuides staff, RenderCache cache, SecurityIdentity identity) {
        this.staff = staff;
        this.cache = cache;
        this.identity = identity;
    }

    @PUT
    @Path("/drafts/{locale}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace a guide draft", description = "Stores the draft of one locale (creating the guide "
            + "when the slug is new). The block structure is validated: known block types, required fields, "
            + "registrationCta/treatmentLink naming a booking treatment code, table rows as long as the header, "
            + "ruleRefs naming known aftercare rules; a zh-HK draft must keep the published en guide's skeleton (anchors, "
            + "block types and order, list and table shapes, ruleRefs, treatment codes). Drafts are never visible to the public.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = GuideContent.class), examples = @ExampleObject(name = "zh-HK draft", value = ApiExamples.DRAFT_REQUEST)))
    @APIResponse(responseCode = "201", description = "Draft created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StaffViews.Draft.class),
                    examples = @ExampleObject(name = "draft", value = ApiExamples.DRAFT)))
    @APIResponse(responseCode = "200", description = "Draft replaced",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StaffViews.Draft.class),
                    examples = @ExampleObject(name = "draft", value = ApiExamples.DRAFT)))
    @APIResponse(responseCode = "400", description = "Invalid blocks, malformed JSON, bad slug or unsupported locale",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class), examples = {
                    @ExampleObject(name = "invalid-blocks", value = ApiExamples.INVALID_DRAFT),
                    @ExampleObject(name = "malformed-json", value = ApiExamples.MALFORMED_JSON),
                    @ExampleObject(name = "unsupported-locale", value = ApiExamples.BAD_LOCALE)}))
    @APIResponse(responseCode = "415", description = "Body is not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "unsupported-media-type", value = ApiExamples.UNSUPPORTED_MEDIA)))
    public Response saveDraft(@Parameter(example = "complete-milia-removal") @PathParam("slug") String slug,
                              @Parameter(example = "zh-HK") @PathParam("locale") String locale,
                              GuideContent draft) {
        String loc = supported(locale);
        boolean created = staff.saveDraft(slug, loc, draft, who());
        return Response.status(created ? 201 : 200).header("Cache-Control", NO_STORE).entity(staff.draft(slug, loc)).build();
    }

    @GET
    @Path("/drafts/{locale}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Get a guide draft", description = "The stored draft of one locale, as last saved.")
    @APIResponse(responseCode = "200", description = "The draft",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StaffViews.Draft.class),
                    examples = @ExampleObject(name = "draft", value = ApiExamples.DRAFT)))
    @APIResponse(responseCode = "400", description = "Unsupported locale",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "unsupported-locale", value = ApiExamples.BAD_LOCALE)))
    @APIResponse(responseCode = "404", description = "No draft of this guide in this locale",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-found", value = ApiExamples.NO_DRAFT)))
    public Response draft(@Parameter(example = "complete-milia-removal") @PathParam("slug") String slug,
                          @Parameter(example = "zh-HK") @PathParam("locale") String locale) {
        return Response.ok(staff.draft(slug, supported(locale))).header("Cache-Control", NO_STORE).build();
    }

    @POST
    @Path("/publish")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish a guide draft", description = "Publishes the current draft of a locale as the next version: "
            + "public reads (guide, FAQ, search) see it at once on this replica and within the revision-check interval "
            + "on the others. Earlier versions stay in the history.")
    @APIResponse(responseCode = "200", description = "Published",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StaffViews.Published.class),
                    examples = @ExampleObject(name = "published", value = ApiExamples.PUBLISHED)))
    @APIResponse(responseCode = "400", description = "Missing or unsupported locale",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "unsupported-locale", value = ApiExamples.BAD_LOCALE)))
    @APIResponse(responseCode = "404", description = "Unknown guide or no draft in this locale",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "no-draft", value = ApiExamples.NO_DRAFT)))
    @APIResponse(responseCode = "409", description = "The draft cites aftercare rules that no longer exist",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "draft-no-longer-valid", value = ApiExamples.DRAFT_STALE)))
    public Response publish(@Parameter(example = "complete-milia-removal") @PathParam("slug") String slug,
                            @Parameter(required = true, example = "zh-HK") @QueryParam("locale") String locale) {
        if (locale == null) {
            throw ProblemException.badRequest("unsupported-locale", "Unsupported locale",
                    "Query parameter locale is required: one of " + Locales.SUPPORTED);
        }
        StaffViews.Published p = staff.publish(slug, supported(locale), who());
        cache.invalidate();
        return Response.ok(p).header("Cache-Control", NO_STORE).build();
    }

    @GET
    @Path("/versions")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List published versions", description = "The publication history of a guide, every locale, newest first; "
            + "current marks the version the public sees.")
    @APIResponse(responseCode = "200", description = "Version history",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StaffViews.VersionPage.class),
                    examples = @ExampleObject(name = "versions", value = ApiExamples.VERSIONS)))
    @APIResponse(responseCode = "400", description = "Invalid paging",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid-paging", value = ApiExamples.BAD_PAGE)))
    @APIResponse(responseCode = "404", description = "Unknown guide",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-found", value = ApiExamples.NOT_FOUND_GUIDE)))
    public Response versions(@Parameter(example = "complete-milia-removal") @PathParam("slug") String slug,
                             @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                             @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return Response.ok(staff.versions(slug, page, size)).header("Cache-Control", NO_STORE).build();
    }

    private String who() {
        // The token's subject (a staff id), never a name or email: it is stored with the draft and version.
        String name = identity.getPrincipal() == null ? null : identity.getPrincipal().getName();
        return name == null || name.isBlank() ? "staff" : name;
    }

    private static String supported(String locale) {
        for (String s : Locales.SUPPORTED) {
            if (s.equalsIgnoreCase(locale)) {
                return s;
            }
        }
        throw ProblemException.badRequest("unsupported-locale", "Unsupported locale",
                "Locale '" + locale + "' is not served; use one of " + Locales.SUPPORTED);
    }
}
