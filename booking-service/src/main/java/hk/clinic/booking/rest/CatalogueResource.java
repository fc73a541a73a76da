package hk.clinic.booking.rest;

import hk.clinic.booking.domain.Language;
import hk.clinic.booking.service.AvailabilityService;
import hk.clinic.booking.service.CatalogueService;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Catalogue", description = "Treatments, branches and what is still free")
public class CatalogueResource {

    static final String TREATMENTS_EXAMPLE = """
            {"items":[{"code":"acne-treatment-trial","name":"Acne Treatment (free trial)","freeTrial":true,
            "minimumNoticeDays":1,"maximumAdvanceDays":60,"durationMinutes":60,"slotIntervalMinutes":30}],
            "page":0,"size":20,"total":4}""";
    static final String BRANCHES_EXAMPLE = """
            {"items":[{"code":"causeway-bay","name":"Causeway Bay","address":"10/F, 500 Hennessy Road, Causeway Bay, Hong Kong",
            "phone":"+85223456789","openingHours":[{"weekday":"MONDAY","opensAt":"10:00","closesAt":"20:00"}],
            "closedDates":["2026-12-25"]}],"page":0,"size":20,"total":4}""";
    static final String AVAILABILITY_EXAMPLE = """
            {"treatmentCode":"acne-treatment-trial","branchCode":"causeway-bay","minimalDate":"2026-11-27",
            "maximalDate":"2027-01-25","days":[{"date":"2026-12-01","closed":false,"slots":[{"time":"14:30","remaining":3}]}]}""";
    static final String UNSUPPORTED_LOCALE = """
            {"type":"https://api.clinic.hk/problems/validation-failed","title":"Invalid request","status":400,
            "detail":"Unsupported locale fr (supported: en, zh-HK)","instance":"/api/v1/treatments",
            "errors":[{"field":"locale","message":"Unsupported locale fr (supported: en, zh-HK)"}]}""";
    static final String UNKNOWN_CODE = """
            {"type":"https://api.clinic.hk/problems/validation-failed","title":"Invalid request","status":400,
            "detail":"Unknown treatment code botox","instance":"/api/v1/availability",
            "errors":[{"field":"treatment","message":"Unknown treatment code botox"}]}""";

    @Context
    HttpHeaders headers;

    private final CatalogueService catalogue;
    private final AvailabilityService availability;

    public CatalogueResource(CatalogueService catalogue, AvailabilityService availability) {
        this.catalogue = catalogue;
        this.availability = availability;
    }

    @GET
    @Path("/treatments")
    @Operation(summary = "List treatments", description = "All bookable treatments with their booking rules "
            + "(notice, how far ahead, slot length), named in the language chosen by ?locale= or Accept-Language.")
    @APIResponse(responseCode = "200", description = "Treatments, with Content-Language",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TreatmentPage.class),
                    examples = @ExampleObject(name = "treatments", value = TREATMENTS_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "Unsupported ?locale=",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "unsupported-locale", value = UNSUPPORTED_LOCALE)))
    public Response treatments(
            @Parameter(description = "en or zh-HK (zh-Hant, zh-TW read zh-HK)", example = "zh-HK") @QueryParam("locale") String locale,
            @Parameter(example = "0") @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @Parameter(example = "20") @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        Language language = Locales.resolve(locale, headers);
        var items = catalogue.catalogue().treatments().stream().map(t -> TreatmentView.of(t, language)).toList();
        return Response.ok(PageView.of(items, page, size)).header(HttpHeaders.CONTENT_LANGUAGE, language.tag()).build();
    }

    @GET
    @Path("/branches")
    @Operation(summary = "List branches", description = "All branches with address, phone, opening hours per weekday "
            + "and closed dates, in the language chosen by ?locale= or Accept-Language.")
    @APIResponse(responseCode = "200", description = "Branches, with Content-Language",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BranchPage.class),
                    examples = @ExampleObject(name = "branches", value = BRANCHES_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "Unsupported ?locale=",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "unsupported-locale", value = UNSUPPORTED_LOCALE)))
    public Response branches(
            @Parameter(description = "en or zh-HK", example = "en") @QueryParam("locale") String locale,
            @Parameter(example = "0") @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @Parameter(example = "20") @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        Language language = Locales.resolve(locale, headers);
        var items = catalogue.catalogue().branches().stream().map(b -> BranchView.of(b, language)).toList();
        return Response.ok(PageView.of(items, page, size)).header(HttpHeaders.CONTENT_LANGUAGE, language.tag()).build();
    }

    @GET
    @Path("/availability")
    @Operation(summary = "Free places per slot", description = "For each bookable date from..to (clipped to "
            + "minimalDate..maximalDate, both computed in Asia/Hong_Kong whatever the server's zone), every slot start "
            + "with the places left. from defaults to minimalDate, to to from + 6 days; a range covers at most 92 days.")
    @APIResponse(responseCode = "200", description = "Availability",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AvailabilityView.class),
                    examples = @ExampleObject(name = "availability", value = AVAILABILITY_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "Unknown treatment or branch code, missing parameter, bad date or range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "unknown-code", value = UNKNOWN_CODE)))
    public AvailabilityView availability(
            @Parameter(description = "Treatment code", required = true, example = "acne-treatment-trial")
            @QueryParam("treatment") @jakarta.validation.constraints.NotBlank String treatment,
            @Parameter(description = "Branch code", required = true, example = "causeway-bay")
            @QueryParam("branch") @jakarta.validation.constraints.NotBlank String branch,
            @Parameter(description = "First date (yyyy-MM-dd)", example = "2026-12-01") @QueryParam("from") String from,
            @Parameter(description = "Last date (yyyy-MM-dd)", example = "2026-12-07") @QueryParam("to") String to) {
        var result = availability.availability(treatment, branch, date("from", from), date("to", to));
        return new AvailabilityView(result.treatment().code, result.branch().branch().code,
                result.window().minimalDate(), result.window().maximalDate(),
                result.days().stream().map(d -> new AvailabilityView.Day(d.date(), d.closed(),
                        d.slots().stream().map(s -> new AvailabilityView.Slot(
                                hk.clinic.booking.domain.SlotRules.format(s.time()), s.remaining())).toList())).toList());
    }

    static LocalDate date(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw hk.clinic.booking.domain.BookingProblem.invalid(field, "Invalid date '" + value + "' (expected yyyy-MM-dd)");
        }
    }

    @Schema(name = "TreatmentPage")
    public record TreatmentPage(java.util.List<TreatmentView> items, @Schema(examples = "0") int page, @Schema(examples = "20") int size,
                                @Schema(examples = "4") long total) {
    }

    @Schema(name = "BranchPage")
    public record BranchPage(java.util.List<BranchView> items, @Schema(examples = "0") int page, @Schema(examples = "20") int size,
                                @Schema(examples = "4") long total) {
    }
}
