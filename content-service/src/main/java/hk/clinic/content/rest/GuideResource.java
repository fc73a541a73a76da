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
import jakarta.ws.rs.core.HttpHeaders;
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

/**
 * Public guide reads. Each answers a cache hit on the event loop and goes to a worker thread only to render
 * (see {@link hk.clinic.content.service.RenderCache#lookup}).
 */
@Path("/api/v1/guides")
@Tag(name = "Guides", description = "Published skincare guides and their FAQ, localized and cacheable")
public class GuideResource {

    static final String VARY = "Accept-Language";
    /** The FAQ is also negotiated on Accept (JSON or JSON-LD). */
    private static final String FAQ_VARY = "Accept, Accept-Language";

    private final PublicContent content;
    private final String cacheControl;

    public GuideResource(PublicContent content, ContentConfig config) {
        this.content = content;
        this.cacheControl = config.cache().publicCacheControl();
    }

    @GET
    @Produces(PublicContent.JSON)
    @Operation(summary = "List guides", description = "Summaries of the published guides, each in the negotiated locale "
            + "(zh-HK falls back to en when a guide has no zh-HK version). Paginated.")
    @APIResponse(responseCode = "200", description = "A page of guide summaries", headers = {
            @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING), description = "Strong validator: a hash of these exact bytes; send it back in If-None-Match"),
            @Header(name = "Cache-Control", schema = @Schema(type = SchemaType.STRING), description = "public, max-age=300, stale-while-revalidate=60, stale-if-error=86400"),
            @Header(name = "Vary", schema = @Schema(type = SchemaType.STRING), description = "Accept-Language (and Accept for the FAQ)"),
            @Header(name = "Content-Language", schema = @Schema(type = SchemaType.STRING), description = "The locale served, after negotiation and fallback")},
            content = @Content(mediaType = PublicContent.JSON, schema = @Schema(implementation = GuideSummaryPage.class),
                    examples = @ExampleObject(name = "guides", value = ApiExamples.GUIDES)))
    @APIResponse(responseCode = "304", description = "Not modified (If-None-Match matched the ETag)")
    @APIResponse(responseCode = "400", description = "Unsupported ?locale= or invalid paging",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class), examples = {
                    @ExampleObject(name = "unsupported-locale", value = ApiExamples.BAD_LOCALE),
                    @ExampleObject(name = "invalid-paging", value = ApiExamples.BAD_PAGE)}))
    @NonBlocking
    public CompletionStage<Response> listGuides(
            @Parameter(description = "Explicit locale (en, zh-HK; zh-Hant/zh-TW map to zh-HK); overrides Accept-Language", example = "zh-HK")
            @QueryParam("locale") String locale,
            @Parameter(description = "Preferred languages when ?locale= is absent: zh-HK, zh-Hant, zh-TW, zh-MO get zh-HK, anything else en", example = "zh-HK, en;q=0.5")
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
            @Parameter(in = ParameterIn.HEADER, name = "If-None-Match", description = "ETag of a cached copy")
            @HeaderParam("If-None-Match") String ifNoneMatch,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        String wanted = LocaleSelection.wanted(locale, acceptLanguage);
        return content.guides(wanted, page, size).thenApply(r -> CachedResponses.of(r, ifNoneMatch, cacheControl, VARY));
    }

    @GET
    @Path("/{slug}")
    @Produces(PublicContent.JSON)
    @Operation(summary = "Get a guide", description = "The whole published guide with typed blocks (paragraph, list, table, "
            + "callout, registrationCta naming the booking treatment code, treatmentLink), its FAQ, review status and locale. "
            + "Section 7 is joined from the aftercare rules, the same ones the aftercare plans cite.")
    @APIResponse(responseCode = "200", description = "The guide", headers = {
            @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING), description = "Strong validator: a hash of these exact bytes; send it back in If-None-Match"),
            @Header(name = "Cache-Control", schema = @Schema(type = SchemaType.STRING), description = "public, max-age=300, stale-while-revalidate=60, stale-if-error=86400"),
            @Header(name = "Vary", schema = @Schema(type = SchemaType.STRING), description = "Accept-Language (and Accept for the FAQ)"),
            @Header(name = "Content-Language", schema = @Schema(type = SchemaType.STRING), description = "The locale served, after negotiation and fallback")},
            content = @Content(mediaType = PublicContent.JSON, schema = @Schema(implementation = GuideResponse.class),
                    examples = @ExampleObject(name = "guide", value = ApiExamples.GUIDE)))
    @APIResponse(responseCode = "304", description = "Not modified (If-None-Match matched the ETag)")
    @APIResponse(responseCode = "400", description = "Unsupported ?locale=",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "unsupported-locale", value = ApiExamples.BAD_LOCALE)))
    @APIResponse(responseCode = "404", description = "No published guide with this slug",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-found", value = ApiExamples.NOT_FOUND_GUIDE)))
    @NonBlocking
    public CompletionStage<Response> guide(
            @Parameter(example = "complete-milia-removal") @PathParam("slug") String slug,
            @Parameter(description = "Explicit locale (en, zh-HK); overrides Accept-Language", example = "en")
            @QueryParam("locale") String locale,
            @Parameter(description = "Preferred languages when ?locale= is absent: zh-HK, zh-Hant, zh-TW, zh-MO get zh-HK, anything else en", example = "zh-HK, en;q=0.5")
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
            @Parameter(in = ParameterIn.HEADER, name = "If-None-Match", description = "ETag of a cached copy")
            @HeaderParam("If-None-Match") String ifNoneMatch) {
        String wanted = LocaleSelection.wanted(locale, acceptLanguage);
        return content.guide(slug, wanted).thenApply(r -> CachedResponses.of(found(r, slug), ifNoneMatch, cacheControl, VARY));
    }

    @GET
    @Path("/{slug}/faq")
    @Produces(PublicContent.JSON)
    @Operation(summary = "Get a guide's FAQ", description = "The FAQ entries of the published guide in the negotiated locale. "
            + "Ask for application/ld+json to get the same entries as schema.org FAQPage JSON-LD.")
    @APIResponse(responseCode = "200", description = "The FAQ", headers = {
            @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING), description = "Strong validator: a hash of these exact bytes; send it back in If-None-Match"),
            @Header(name = "Cache-Control", schema = @Schema(type = SchemaType.STRING), description = "public, max-age=300, stale-while-revalidate=60, stale-if-error=86400"),
            @Header(name = "Vary", schema = @Schema(type = SchemaType.STRING), description = "Accept-Language (and Accept for the FAQ)"),
            @Header(name = "Content-Language", schema = @Schema(type = SchemaType.STRING), description = "The locale served, after negotiation and fallback")},
            content = @Content(mediaType = PublicContent.JSON, schema = @Schema(implementation = FaqResponse.class),
                    examples = @ExampleObject(name = "faq", value = ApiExamples.FAQ)))
    @APIResponse(responseCode = "304", description = "Not modified (If-None-Match matched the ETag)")
    @APIResponse(responseCode = "400", description = "Unsupported ?locale=",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "unsupported-locale", value = ApiExamples.BAD_LOCALE)))
    @APIResponse(responseCode = "404", description = "No published guide with this slug",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-found", value = ApiExamples.NOT_FOUND_GUIDE)))
    @NonBlocking
    public CompletionStage<Response> faq(
            @Parameter(example = "complete-milia-removal") @PathParam("slug") String slug,
            @Parameter(description = "Explicit locale (en, zh-HK)", example = "en") @QueryParam("locale") String locale,
            @Parameter(description = "Preferred languages when ?locale= is absent: zh-HK, zh-Hant, zh-TW, zh-MO get zh-HK, anything else en", example = "zh-HK, en;q=0.5")
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
            @Parameter(in = ParameterIn.HEADER, name = "If-None-Match", description = "ETag of a cached copy")
            @HeaderParam("If-None-Match") String ifNoneMatch) {
        String wanted = LocaleSelection.wanted(locale, acceptLanguage);
        return content.faq(slug, wanted).thenApply(r -> CachedResponses.of(found(r, slug), ifNoneMatch, cacheControl, FAQ_VARY));
    }

    @GET
    @Path("/{slug}/faq")
    @Produces(PublicContent.JSON_LD)
    @Operation(summary = "Get a guide's FAQ as JSON-LD", description = "schema.org FAQPage: mainEntity is a list of Question "
            + "with an acceptedAnswer Answer, ready to embed in the page for search engines.")
    @APIResponse(responseCode = "200", description = "FAQPage JSON-LD", headers = {
            @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING), description = "Strong validator: a hash of these exact bytes; send it back in If-None-Match"),
            @Header(name = "Cache-Control", schema = @Schema(type = SchemaType.STRING), description = "public, max-age=300, stale-while-revalidate=60, stale-if-error=86400"),
            @Header(name = "Vary", schema = @Schema(type = SchemaType.STRING), description = "Accept-Language (and Accept for the FAQ)"),
            @Header(name = "Content-Language", schema = @Schema(type = SchemaType.STRING), description = "The locale served, after negotiation and fallback")},
            content = @Content(mediaType = PublicContent.JSON_LD, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT),
                    examples = @ExampleObject(name = "faq-page", value = ApiExamples.FAQ_LD)))
    @APIResponse(responseCode = "304", description = "Not modified (If-None-Match matched the ETag)")
    @APIResponse(responseCode = "400", description = "Unsupported ?locale=",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "unsupported-locale", value = ApiExamples.BAD_LOCALE)))
    @APIResponse(responseCode = "404", description = "No published guide with this slug",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-found", value = ApiExamples.NOT_FOUND_GUIDE)))
    @NonBlocking
    public CompletionStage<Response> faqJsonLd(
            @Parameter(example = "complete-milia-removal") @PathParam("slug") String slug,
            @Parameter(description = "Explicit locale (en, zh-HK)", example = "zh-HK") @QueryParam("locale") String locale,
            @Parameter(description = "Preferred languages when ?locale= is absent: zh-HK, zh-Hant, zh-TW, zh-MO get zh-HK, anything else en", example = "zh-HK, en;q=0.5")
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
            @Parameter(in = ParameterIn.HEADER, name = "If-None-Match", description = "ETag of a cached copy")
            @HeaderParam("If-None-Match") String ifNoneMatch) {
        String wanted = LocaleSelection.wanted(locale, acceptLanguage);
        return content.faqJsonLd(slug, wanted).thenApply(r -> CachedResponses.of(found(r, slug), ifNoneMatch, cacheControl, FAQ_VARY));
    }

    private static Rendered found(Rendered r, String slug) {
        if (r.missing()) {
            throw ProblemException.notFound("No published guide " + slug);
        }
        return r;
    }
}
