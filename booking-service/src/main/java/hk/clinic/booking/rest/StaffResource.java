package hk.clinic.booking.rest;

import hk.clinic.booking.domain.BookingProblem;
import hk.clinic.booking.domain.PhoneNumbers;
import hk.clinic.booking.domain.Registration;
import hk.clinic.booking.domain.RegistrationStatus;
import hk.clinic.booking.service.CatalogueService;
import hk.clinic.booking.service.RegistrationMetrics;
import hk.clinic.booking.service.StaffService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

@Path("/api/v1/staff")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("staff")
@SecurityRequirement(name = "staffJwt")
@Tag(name = "Staff", description = "Clinic staff only: bearer JWT with group staff")
@APIResponse(responseCode = "401", description = "No valid bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(name = "unauthorized", value = StaffResource.UNAUTHORIZED)))
@APIResponse(responseCode = "403", description = "The token lacks the staff group",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(name = "forbidden", value = StaffResource.FORBIDDEN)))
public class StaffResource {

    static final String UNAUTHORIZED = """
            {"type":"https://api.clinic.hk/problems/unauthorized","title":"Unauthorized","status":401,
            "detail":"A valid staff bearer token is required.","instance":"/api/v1/staff/registrations"}""";
    static final String FORBIDDEN = """
            {"type":"https://api.clinic.hk/problems/forbidden","title":"Forbidden","status":403,
            "detail":"This operation is for clinic staff only.","instance":"/api/v1/staff/registrations"}""";
    static final String LIST_EXAMPLE = """
            {"items":[{"id":"5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01","status":"SUBMITTED","treatmentCode":"acne-treatment-trial",
            "branchCode":"causeway-bay","preferredDate":"2026-12-01","preferredTime":"14:30","startsAt":"2026-12-01T14:30:00+08:00",
            "endsAt":"2026-12-01T15:30:00+08:00","fullName":"Chan Tai Man","phone":"+85291234567","email":"chan@example.com",
            "language":"zh-HK","marketingOptIn":false,"createdAt":"2026-11-26T09:00:00Z"}],"page":0,"size":20,"total":1}""";
    static final String ATTENDED_EXAMPLE = """
            {"id":"5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01","status":"ATTENDED","treatmentCode":"acne-treatment-trial",
            "branchCode":"causeway-bay","preferredDate":"2026-12-01","preferredTime":"14:30","startsAt":"2026-12-01T14:30:00+08:00",
            "endsAt":"2026-12-01T15:30:00+08:00","fullName":"Chan Tai Man","phone":"+85291234567","language":"zh-HK",
            "marketingOptIn":false,"createdAt":"2026-11-26T09:00:00Z","treatedAt":"2026-12-01T14:40:00+08:00"}""";
    static final String CANCELLED_EXAMPLE = """
            {"id":"5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01","status":"CANCELLED","treatmentCode":"acne-treatment-trial",
            "branchCode":"causeway-bay","preferredDate":"2026-12-01","preferredTime":"14:30","startsAt":"2026-12-01T14:30:00+08:00",
            "endsAt":"2026-12-01T15:30:00+08:00","fullName":"Chan Tai Man","phone":"+85291234567","language":"zh-HK",
            "marketingOptIn":false,"createdAt":"2026-11-26T09:00:00Z"}""";
    static final String NOT_FOUND = """
            {"type":"https://api.clinic.hk/problems/registration-not-found","title":"Registration not found","status":404,
            "detail":"No registration with id 5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01.",
            "instance":"/api/v1/staff/registrations/5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01/attendance"}""";
    static final String NOT_ACTIVE = """
            {"type":"https://api.clinic.hk/problems/registration-not-modifiable","title":"Registration cannot be changed","status":409,
            "detail":"A registration with status CANCELLED cannot be marked attended.",
            "instance":"/api/v1/staff/registrations/5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01/attendance"}""";
    static final String ATTENDANCE_INVALID = """
            {"type":"https://api.clinic.hk/problems/validation-failed","title":"Invalid request","status":400,
            "detail":"treatedAt is required for ATTENDED","instance":"/api/v1/staff/registrations/5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01/attendance",
            "errors":[{"field":"treatedAt","message":"treatedAt is required for ATTENDED"}]}""";
    static final String PHONE_INVALID = """
            {"type":"https://api.clinic.hk/problems/validation-failed","title":"Invalid request","status":400,
            "detail":"Phone should be a valid phone number (Hong Kong numbers may omit +852)","instance":"/api/v1/staff/personal-data/export",
            "errors":[{"field":"phone","message":"Phone should be a valid phone number (Hong Kong numbers may omit +852)"}]}""";
    static final String EXPORT_EXAMPLE = """
            {"phone":"+85291234567","registrations":[{"registration":{"id":"5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01",
            "status":"ATTENDED","treatmentCode":"acne-treatment-trial","branchCode":"causeway-bay","preferredDate":"2026-12-01",
            "preferredTime":"14:30","startsAt":"2026-12-01T14:30:00+08:00","endsAt":"2026-12-01T15:30:00+08:00",
            "fullName":"Chan Tai Man","phone":"+85291234567","email":"chan@example.com","language":"zh-HK","marketingOptIn":false,
            "createdAt":"2026-11-26T09:00:00Z","treatedAt":"2026-12-01T14:40:00+08:00"},
            "consents":[{"termsVersion":"2025-10","privacyVersion":"2025-10","accepted":true,"channel":"web","acceptedAt":"2026-11-26T09:00:00Z"}],
            "sourceChannel":"web","sourceCampaign":"milia-guide"}]}""";

    private final StaffService staff;
    private final CatalogueService catalogue;
    private final RegistrationMetrics metrics;

    public StaffResource(StaffService staff, CatalogueService catalogue, RegistrationMetrics metrics) {
        this.staff = staff;
        this.catalogue = catalogue;
        this.metrics = metrics;
    }

    @GET
    @Path("/registrations")
    @Operation(summary = "List registrations", description = "Registrations filtered by appointment date, branch, "
            + "treatment and status, ordered by appointment; erased ones only when status=ERASED is asked for.")
    @APIResponse(responseCode = "200", description = "One page of registrations",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RegistrationPage.class),
                    examples = @ExampleObject(name = "day-list", value = LIST_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "Bad filter or page",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "bad-date", value = """
                            {"type":"https://api.clinic.hk/problems/validation-failed","title":"Invalid request","status":400,
                            "detail":"Invalid date '2026-13-01' (expected yyyy-MM-dd)","instance":"/api/v1/staff/registrations",
                            "errors":[{"field":"date","message":"Invalid date '2026-13-01' (expected yyyy-MM-dd)"}]}""")))
    public PageView<RegistrationView> listRegistrations(
            @Parameter(description = "Appointment date", example = "2026-12-01") @QueryParam("date") String date,
            @Parameter(example = "causeway-bay") @QueryParam("branch") String branch,
            @Parameter(example = "acne-treatment-trial") @QueryParam("treatment") String treatment,
            @Parameter(description = "SUBMITTED, RESCHEDULED, CANCELLED, ATTENDED, NO_SHOW or ERASED", example = "SUBMITTED")
            @QueryParam("status") String status,
            @Parameter(example = "0") @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @Parameter(example = "20") @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        RegistrationStatus wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = RegistrationStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw BookingProblem.invalid("status", "Unknown status " + status);
            }
        }
        var listing = staff.list(CatalogueResource.date("date", date), blankToNull(branch), blankToNull(treatment), wanted, page, size);
        return new PageView<>(listing.items().stream().map(this::view).toList(), page, size, listing.total());
    }

    @POST
    @Path("/registrations/{id}/attendance")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record attendance", description = "ATTENDED with the treatment time (the aftercare series "
            + "starts from it) or NO_SHOW, for an active registration.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AttendanceRequest.class), examples = {
            @ExampleObject(name = "attended", value = "{\"status\":\"ATTENDED\",\"treatedAt\":\"2026-12-01T14:40:00+08:00\"}"),
            @ExampleObject(name = "no-show", value = "{\"status\":\"NO_SHOW\"}")}))
    @APIResponse(responseCode = "200", description = "Recorded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RegistrationView.class),
                    examples = @ExampleObject(name = "attended", value = ATTENDED_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "Missing status or treatedAt",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "no-treated-at", value = ATTENDANCE_INVALID)))
    @APIResponse(responseCode = "404", description = "No such registration",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-found", value = NOT_FOUND)))
    @APIResponse(responseCode = "409", description = "The registration is cancelled or already recorded",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-active", value = NOT_ACTIVE)))
    public RegistrationView attendance(
            @Parameter(example = "5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01") @PathParam("id") UUID id,
            @Valid @NotNull(message = "A request body is required") AttendanceRequest request) {
        if ("ATTENDED".equals(request.status()) && request.treatedAt() == null) {
            throw BookingProblem.invalid("treatedAt", "treatedAt is required for ATTENDED");
        }
        Registration r = "ATTENDED".equals(request.status())
                ? staff.attended(id, request.treatedAt().toInstant())
                : staff.noShow(id);
        metrics.count(r.treatmentCode, "ATTENDED".equals(request.status()) ? "attended" : "no_show");
        return view(r);
    }

    @DELETE
    @Path("/registrations/{id}")
    @Operation(summary = "Cancel a registration for the clinic", description = "Cancels an active registration on the "
            + "clinic's side and frees its place; the cancelled event says cancelledBy STAFF.")
    @APIResponse(responseCode = "200", description = "Cancelled",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RegistrationView.class),
                    examples = @ExampleObject(name = "cancelled", value = CANCELLED_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No such registration",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-found", value = NOT_FOUND)))
    @APIResponse(responseCode = "409", description = "Already cancelled, attended or no-show",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-active", value = NOT_ACTIVE)))
    public RegistrationView cancelAsStaff(@Parameter(example = "5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01") @PathParam("id") UUID id) {
        Registration r = staff.cancel(id);
        metrics.count(r.treatmentCode, "cancelled");
        return view(r);
    }

    @POST
    @Path("/personal-data/export")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Export a person's data", description = "Everything held about a phone number: registrations, "
            + "contact details, consent records (versions, time, channel) and source. The phone travels in the body so "
            + "that it stays out of access logs.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PhoneRequest.class),
            examples = @ExampleObject(name = "person", value = "{\"phone\":\"+852 9123 4567\"}")))
    @APIResponse(responseCode = "200", description = "The export (empty list if nothing is held)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PersonalDataView.class),
                    examples = @ExampleObject(name = "export", value = EXPORT_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "Not a valid phone number",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "bad-phone", value = PHONE_INVALID)))
    public PersonalDataView export(@Valid @NotNull(message = "A request body is required") PhoneRequest request) {
        String phone = PhoneNumbers.toE164(request.phone()).orElseThrow();
        var data = staff.export(phone);
        return new PersonalDataView(phone, data.registrations().stream()
                .map(r -> new PersonalDataView.Entry(view(r),
                        data.consents().getOrDefault(r.id, List.of()).stream()
                                .map(c -> new RegistrationView.ConsentView(c.termsVersion, c.privacyVersion, true, c.channel, c.acceptedAt))
                                .toList(),
                        r.sourceChannel, r.sourceCampaign))
                .toList());
    }

    @POST
    @Path("/personal-data/erasure")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Erase a person", description = "Removes name, phone and email from every registration of this "
            + "phone number (the anonymous rows stay for statistics), frees places still held, and publishes one "
            + "erased event per registration so that other services erase their copies.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PhoneRequest.class),
            examples = @ExampleObject(name = "person", value = "{\"phone\":\"+852 9123 4567\"}")))
    @APIResponse(responseCode = "200", description = "Erased (0 when nothing was held)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PersonalDataView.Erasure.class),
                    examples = @ExampleObject(name = "erased", value = "{\"erased\":1,\"registrationIds\":[\"5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01\"]}")))
    @APIResponse(responseCode = "400", description = "Not a valid phone number",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "bad-phone", value = PHONE_INVALID)))
    public PersonalDataView.Erasure erase(@Valid @NotNull(message = "A request body is required") PhoneRequest request) {
        List<Registration> erased = staff.erase(PhoneNumbers.toE164(request.phone()).orElseThrow());
        erased.forEach(r -> metrics.count(r.treatmentCode, "erased"));
        List<UUID> ids = erased.stream().map(r -> r.id).toList();
        return new PersonalDataView.Erasure(ids.size(), ids);
    }

    private RegistrationView view(Registration r) {
        return RegistrationView.of(r, null, null, catalogue.catalogue().treatment(r.treatmentCode).orElseThrow().durationMinutes);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Schema(name = "RegistrationPage")
    public record RegistrationPage(List<RegistrationView> items, @Schema(examples = "0") int page, @Schema(examples = "20") int size,
                                   @Schema(examples = "1") long total) {
    }
}
