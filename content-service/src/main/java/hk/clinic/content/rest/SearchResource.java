package hk.clinic.content.rest;

import hk.clinic.content.config.ContentConfig;
import hk.clinic.content.domain.FieldError;
import hk.clinic.content.service.PublicContent;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
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

import java.util.List;
import java.util.concurrent.CompletionStage;

@Path("/api/v1/search")
@Tag(name = "Search", description = "Full-text search over published guides and FAQ")
public class SearchResource {

    private final PublicContent content;
    private final ContentConfig config;

    public SearchResource(PublicContent content, ContentConfig config) {
        this.content = content;
        this.config = config;
    }

    @GET
    @Produces(PublicContent.JSON)
    @Operation(summary = "Search guides and FAQ", description = "Ranked full-text search in the negotiated locale. English uses "
            + "PostgreSQL's english configuration (stemming: 'retinoid' finds 'Retinoids'); Traditional Chinese matches the "
            + "query's characters as a phrase. Each hit names the guide, the section/subsection/FAQ anchor and heading, "
            + "and a snippet with the match in <mark>.")
    @APIResponse(responseCode = "200", description = "Ranked hits (possibly none)", headers = {
            @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING), description = "Strong validator: a hash of these exact bytes; send it back in If-None-Match"),
            @Header(name = "Cache-Control", schema = @Schema(type = SchemaType.STRING), description = "public, max-age=300, stale-while-revalidate=60, stale-if-error=86400"),
            @Header(name = "Vary", schema = @Schema(type = SchemaType.STRING), description = "Accept-Language (and Accept for the FAQ)"),
            @Header(name = "Content-Language", schema = @Schema(type = SchemaType.STRING), description = "The locale served, after negotiation and fallback")},
            content = @Content(mediaType = PublicContent.JSON, schema = @Schema(implementation = SearchResultPage.class),
                    examples = {@ExampleObject(name = "english", value = ApiExamples.SEARCH),
                            @ExampleObject(name = "traditional-chinese", value = ApiExamples.SEARCH_ZH)}))
    @APIResponse(responseCode = "304", description = "Not modified (If-None-Match matched the ETag)")
    @APIResponse(responseCode = "400", description = "Empty, too long or malformed q, unsupported locale or paging",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class), examples = {
                    @ExampleObject(name = "invalid-query", value = ApiExamples.BAD_QUERY),
                    @ExampleObject(name = "unsupported-locale", value = ApiExamples.BAD_LOCALE)}))
    @NonBlocking
    public CompletionStage<Response> search(
            @Parameter(description = "Search text, 1-200 characters", required = true, example = "retinoids") @QueryParam("q") String q,
            @Parameter(description = "Explicit locale (en, zh-HK); overrides Accept-Language", example = "en")
            @QueryParam("locale") String locale,
            @Parameter(description = "Preferred languages when ?locale= is absent: zh-HK, zh-Hant, zh-TW, zh-MO get zh-HK, anything else en", example = "zh-HK, en;q=0.5")
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
            @Parameter(in = ParameterIn.HEADER, name = "If-None-Match", description = "ETag of a cached copy")
            @HeaderParam("If-None-Match") String ifNoneMatch,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(50) int size) {
        String wanted = LocaleSelection.wanted(locale, acceptLanguage);
        String query = validQuery(q);
        String cacheControl = config.cache().publicCacheControl();
        return content.search(query, wanted, page, size).thenApply(r -> CachedResponses.of(r, ifNoneMatch, cacheControl, GuideResource.VARY));
    }

    private String validQuery(String q) {
        int max = config.search().maxQueryLength();
        String message = null;
        if (q == null || q.isBlank()) {
            message = "must not be blank";
        } else if (q.codePointCount(0, q.length()) > max) {
            message = "must be at most " + max + " characters";
        } else if (q.codePoints().anyMatch(cp -> Character.isISOControl(cp) || Character.getType(cp) == Character.SURROGATE)) {
            message = "must not contain control characters";
        } else if (q.codePoints().noneMatch(Character::isLetterOrDigit)) {
            message = "must contain a letter or digit";
        }
        if (message != null) {
            throw new ProblemException(400, "invalid-query", "Invalid search query",
                    "q must contain something to search for, at most " + max + " characters",
                    List.of(new FieldError("q", message)));
        }
        return q.strip().replaceAll("\\s+", " ");
    }
}
