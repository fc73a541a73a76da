package hk.clinic.booking.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hk.clinic.booking.domain.BookingProblem;
import hk.clinic.booking.domain.IdempotencyRecord;
import hk.clinic.booking.domain.PhoneNumbers;
import hk.clinic.booking.domain.Registration;
import hk.clinic.booking.service.CatalogueService;
import hk.clinic.booking.service.IdempotencyKeyInUse;
import hk.clinic.booking.service.ManageTokens;
import hk.clinic.booking.service.NewRegistration;
import hk.clinic.booking.service.RateLimiter;
import hk.clinic.booking.service.RegistrationMetrics;
import hk.clinic.booking.service.RegistrationService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

@Path("/api/v1/registrations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Registrations", description = "Self-registration and managing it with the manage token")
public class RegistrationResource {

    static final String REQUEST_EXAMPLE = """
            {"treatmentCode":"acne-treatment-trial","branchCode":"causeway-bay","preferredDate":"2026-12-01",
            "preferredTime":"14:30","fullName":"Chan Tai Man","phone":"+852 9123 4567","email":"chan@example.com",
            "language":"zh-HK","consent":{"termsVersion":"2025-10","privacyVersion":"2025-10","accepted":true},
            "marketingOptIn":false,"source":{"channel":"web","campaign":"milia-guide"}}""";
    static final String CREATED_EXAMPLE = """
            {"id":"5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01","manageToken":"q2Zb9m3W0Xr1Yk6mX9rV3nT3cO6pXz1gU2o8d1bq4Ls",
            "status":"SUBMITTED","treatmentCode":"acne-treatment-trial","branchCode":"causeway-bay","preferredDate":"2026-12-01",
            "preferredTime":"14:30","startsAt":"2026-12-01T14:30:00+08:00","endsAt":"2026-12-01T15:30:00+08:00",
            "fullName":"Chan Tai Man","phone":"+85291234567","email":"chan@example.com","language":"zh-HK","marketingOptIn":false,
            "source":{"channel":"web","campaign":"milia-guide"},"consent":{"termsVersion":"2025-10","privacyVersion":"2025-10",
            "accepted":true,"channel":"web","acceptedAt":"2026-11-26T09:00:00Z"},"createdAt":"2026-11-26T09:00:00Z"}""";
    static final String VIEW_EXAMPLE = """
            {"id":"5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01","status":"RESCHEDULED","treatmentCode":"acne-treatment-trial",
            "branchCode":"causeway-bay","preferredDate":"2026-12-03","preferredTime":"11:00","startsAt":"2026-12-03T11:00:00+08:00",
            "endsAt":"2026-12-03T12:00:00+08:00","fullName":"Chan Tai Man","phone":"+85291234567","email":"chan@example.com",
            "language":"zh-HK","marketingOptIn":false,"consent":{"termsVersion":"2025-10","privacyVersion":"2025-10",
            "accepted":true,"channel":"web","acceptedAt":"2026-11-26T09:00:00Z"},"createdAt":"2026-11-26T09:00:00Z"}""";
    static final String BEFORE_MINIMAL = """
            {"type":"https://api.clinic.hk/problems/validation-failed","title":"Invalid request","status":400,
            "detail":"Date should not be before minimal date 2026-11-27","instance":"/api/v1/registrations",
            "errors":[{"field":"preferredDate","message":"Date should not be before minimal date 2026-11-27"}]}""";
    static final String AFTER_MAXIMAL = """
            {"type":"https://api.clinic.hk/problems/validation-failed","title":"Invalid request","status":400,
            "detail":"Date should not be after maximal date 2027-01-25","instance":"/api/v1/registrations",
            "errors":[{"field":"preferredDate","message":"Date should not be after maximal date 2027-01-25"}]}""";
    static final String CLOSED_DAY = """
            {"type":"https://api.clinic.hk/problems/validation-failed","title":"Invalid request","status":400,
            "detail":"Branch causeway-bay is closed on 2026-12-25","instance":"/api/v1/registrations",
            "errors":[{"field":"preferredDate","message":"Branch causeway-bay is closed on 2026-12-25"}]}""";
    static final String OUTSIDE_HOURS = """
            {"type":"https://api.clinic.hk/problems/validation-failed","title":"Invalid request","status":400,
            "detail":"Time 21:00 is not a slot start within opening hours 10:00-20:00 (every 30 minutes, 60 minutes long)",
            "instance":"/api/v1/registrations","errors":[{"field":"preferredTime",
            "message":"Time 21:00 is not a slot start within opening hours 10:00-20:00 (every 30 minutes, 60 minutes long)"}]}""";
    static final String FIELDS_INVALID = """
            {"type":"https://api.clinic.hk/problems/validation-failed","title":"Invalid request","status":400,
            "detail":"The request has 4 invalid fields.","instance":"/api/v1/registrations","errors":[
            {"field":"consent.accepted","message":"Terms and privacy policy must be accepted"},
            {"field":"email","message":"Email should be a valid e-mail address"},
            {"field":"fullName","message":"Full name may contain only letters, spaces and . ' -"},
            {"field":"phone","message":"Phone should be a valid phone number (Hong Kong numbers may omit +852)"}]}""";
    static final String UNKNOWN_CODES = """
            {"type":"https://api.clinic.hk/problems/validation-failed","title":"Invalid request","status":400,
            "detail":"The request has 2 invalid fields.","instance":"/api/v1/registrations","errors":[
            {"field":"treatmentCode","message":"Unknown treatment code botox"},{"field":"branchCode","message":"Unknown branch code sha-tin"}]}""";
    static final String MALFORMED = """
            {"type":"https://api.clinic.hk/problems/malformed-request","title":"Malformed request body","status":400,
            "detail":"The request body is not well-formed JSON.","instance":"/api/v1/registrations"}""";
    static final String SLOT_FULL = """
            {"type":"https://api.clinic.hk/problems/slot-full","title":"Slot full","status":409,
            "detail":"No place is left on 2026-12-01 at 14:30; choose another slot.","instance":"/api/v1/registrations",
            "errors":[{"field":"preferredTime","message":"No place left at 14:30 on 2026-12-01"}]}""";
    static final String ACTIVE_TRIAL = """
            {"type":"https://api.clinic.hk/problems/active-free-trial-exists","title":"Free trial already booked","status":409,
            "detail":"This phone number already holds an active free trial of acne-treatment-trial.","instance":"/api/v1/registrations",
            "errors":[{"field":"phone","message":"This phone number already holds an active free trial of this treatment"}]}""";
    static final String KEY_REUSED = """
            {"type":"https://api.clinic.hk/problems/idempotency-key-reused","title":"Idempotency-Key reused","status":422,
            "detail":"This Idempotency-Key was used for a different request.","instance":"/api/v1/registrations"}""";
    static final String TOO_LARGE = """
            {"type":"https://api.clinic.hk/problems/payload-too-large","title":"Payload too large","status":413,
            "detail":"The request body is larger than this API accepts.","instance":"/api/v1/registrations"}""";
    static final String UNSUPPORTED = """
            {"type":"https://api.clinic.hk/problems/unsupported-media-type","title":"Unsupported media type","status":415,
            "detail":"Send the request body as application/json.","instance":"/api/v1/registrations"}""";
    static final String RATE_LIMITED = """
            {"type":"https://api.clinic.hk/problems/rate-limited","title":"Too many requests","status":429,
            "detail":"Too many registration requests from this client address; try again in 42 seconds.","instance":"/api/v1/registrations"}""";
    static final String NOT_FOUND = """
            {"type":"https://api.clinic.hk/problems/registration-not-found","title":"Registration not found","status":404,
            "detail":"No registration matches this id and manage token.","instance":"/api/v1/registrations/5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01"}""";
    static final String NOT_MODIFIABLE = """
            {"type":"https://api.clinic.hk/problems/registration-not-modifiable","title":"Registration cannot be changed","status":409,
            "detail":"A registration with status CANCELLED cannot be rescheduled.","instance":"/api/v1/registrations/5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01"}""";

    private static final String ID_PREFIX = "{\"id\":\"";
    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[A-Za-z0-9_-]+");

    private final RegistrationService registrations;
    private final CatalogueService catalogue;
    private final ManageTokens tokens;
    private final RateLimiter rateLimiter;
    private final RegistrationMetrics metrics;
    private final ObjectMapper json;

    public RegistrationResource(RegistrationService registrations, CatalogueService catalogue, ManageTokens tokens,
                                RateLimiter rateLimiter, RegistrationMetrics metrics, ObjectMapper json) {
        this.registrations = registrations;
        this.catalogue = catalogue;
        this.tokens = tokens;
        this.rateLimiter = rateLimiter;
        this.metrics = metrics;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register for a treatment", description = """
            Books a place for the free trial or a treatment. Rules, each answered as a problem with field errors and \
            nothing stored: the date must be between minimalDate and maximalDate (computed in Asia/Hong_Kong: today plus \
            the treatment's notice, and its booking horizon), the branch open that day, the time a slot start within \
            opening hours; a full slot or a phone number that already holds an active free trial of the treatment answer \
            409. The phone is validated with libphonenumber (Hong Kong by default) and stored as E.164. The answer holds \
            the manage token, once. Send an Idempotency-Key to retry safely: the retry gets the first answer and books \
            nothing new. Rate limited per client address and per phone number (429 with Retry-After).""")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RegistrationRequest.class),
            examples = @ExampleObject(name = "free-trial", value = REQUEST_EXAMPLE)))
    @APIResponse(responseCode = "201", description = "Registered; Location names the registration",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RegistrationView.class),
                    examples = @ExampleObject(name = "created", value = CREATED_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "A rule or a field is not met, or the body is not JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class), examples = {
                    @ExampleObject(name = "before-minimal-date", value = BEFORE_MINIMAL),
                    @ExampleObject(name = "after-maximal-date", value = AFTER_MAXIMAL),
                    @ExampleObject(name = "closed-day", value = CLOSED_DAY),
                    @ExampleObject(name = "outside-opening-hours", value = OUTSIDE_HOURS),
                    @ExampleObject(name = "invalid-fields", value = FIELDS_INVALID),
                    @ExampleObject(name = "unknown-codes", value = UNKNOWN_CODES),
                    @ExampleObject(name = "malformed-json", value = MALFORMED)}))
    @APIResponse(responseCode = "409", description = "Slot full, or an active free trial for this phone",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class), examples = {
                    @ExampleObject(name = "slot-full", value = SLOT_FULL),
                    @ExampleObject(name = "active-free-trial", value = ACTIVE_TRIAL)}))
    @APIResponse(responseCode = "413", description = "Body too large",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "too-large", value = TOO_LARGE)))
    @APIResponse(responseCode = "415", description = "Not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "unsupported-media-type", value = UNSUPPORTED)))
    @APIResponse(responseCode = "422", description = "Idempotency-Key reused for a different request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "key-reused", value = KEY_REUSED)))
    @APIResponse(responseCode = "429", description = "Too many requests from this address or for this phone; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "rate-limited", value = RATE_LIMITED)))
    public Response create(
            @Parameter(in = ParameterIn.HEADER, description = "Client-chosen unique key (1-200 of A-Z a-z 0-9 - _ . :) to retry safely",
                    example = "3f1c7a52-55d8-4ad4-9a33-6a4c3e3c2b10")
            @HeaderParam("Idempotency-Key") @Pattern(regexp = "[A-Za-z0-9._:-]{1,200}", message = "Idempotency-Key should be 1-200 of A-Z a-z 0-9 . _ : -") String idempotencyKey,
            @Valid @NotNull(message = "A request body is required") RegistrationRequest request) {
        // Only a keyed request is ever compared with an earlier one.
        String requestHash = idempotencyKey == null ? null : hash(request);
        if (idempotencyKey != null) {
            var previous = registrations.idempotencyRecord(idempotencyKey);
            if (previous.isPresent()) {
                return replay(previous.get(), idempotencyKey, requestHash);
            }
        }
        String phone = PhoneNumbers.toE164(request.phone()).orElseThrow();
        String[] stored = new String[1];
        try {
            rateLimiter.checkPhone(phone);
            var created = registrations.register(new NewRegistration(request.treatmentCode(), request.branchCode(),
                            request.preferredDate(), request.preferredTime(), request.fullName().trim(), phone,
                            request.email() == null || request.email().isBlank() ? null : request.email().trim(),
                            request.language(), request.consent().termsVersion(), request.consent().privacyVersion(),
                            Boolean.TRUE.equals(request.marketingOptIn()),
                            request.source() == null ? null : request.source().channel(),
                            request.source() == null ? null : request.source().campaign()),
                    idempotencyKey, requestHash,
                    c -> stored[0] = bodyWithoutToken(RegistrationView.of(c.registration(), c.consent(), null, duration(c.registration()))),
                    c -> location(c.registration().id));
            metrics.count(request.treatmentCode(), "created");
            // The keyed answer was already written for the idempotency record: the same bytes, not built twice.
            String body = stored[0] != null ? stored[0] : bodyWithoutToken(RegistrationView.of(created.registration(),
                    created.consent(), null, duration(created.registration())));
            return Response.created(URI.create(location(created.registration().id)))
                    .type(MediaType.APPLICATION_JSON).entity(withToken(body, created.manageToken())).build();
        } catch (IdempotencyKeyInUse e) {
            return registrations.idempotencyRecord(idempotencyKey)
                    .map(r -> replay(r, idempotencyKey, requestHash))
                    .orElseThrow(() -> BookingProblem.conflict("idempotency-key-in-use", "Request in progress",
                            "A request with this Idempotency-Key is still being processed; retry shortly."));
        } catch (BookingProblem e) {
            metrics.count(request.treatmentCode(), switch (e.slug()) {
                case "slot-full" -> "slot_full";
                case "active-free-trial-exists" -> "duplicate_free_trial";
                case "rate-limited" -> "rate_limited";
                default -> "rejected";
            });
            throw e;
        }
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Look up a registration", description = "With the manage token from the 201 answer. An unknown "
            + "id and a wrong or missing token get the same 404, so ids cannot be probed.")
    @APIResponse(responseCode = "200", description = "The registration (without its token)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RegistrationView.class),
                    examples = @ExampleObject(name = "registration", value = VIEW_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "Unknown id, or wrong or missing token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-found", value = NOT_FOUND)))
    public RegistrationView get(
            @Parameter(example = "5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01") @PathParam("id") UUID id,
            @Parameter(in = ParameterIn.HEADER, required = true, description = "The manageToken of the 201 answer",
                    example = "q2Zb9m3W0Xr1Yk6mX9rV3nT3cO6pXz1gU2o8d1bq4Ls") @HeaderParam("X-Manage-Token") String token) {
        return view(registrations.get(id, token));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reschedule a registration", description = "Moves an active registration to another date and "
            + "slot under the same rules as a new registration; the old place is freed. Cancelled, attended or no-show "
            + "registrations cannot be rescheduled (409).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RescheduleRequest.class),
            examples = @ExampleObject(name = "reschedule", value = "{\"preferredDate\":\"2026-12-03\",\"preferredTime\":\"11:00\"}")))
    @APIResponse(responseCode = "200", description = "Rescheduled",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RegistrationView.class),
                    examples = @ExampleObject(name = "rescheduled", value = VIEW_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "The new date or slot breaks a rule",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class), examples = {
                    @ExampleObject(name = "before-minimal-date", value = BEFORE_MINIMAL),
                    @ExampleObject(name = "closed-day", value = CLOSED_DAY),
                    @ExampleObject(name = "outside-opening-hours", value = OUTSIDE_HOURS)}))
    @APIResponse(responseCode = "404", description = "Unknown id, or wrong or missing token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-found", value = NOT_FOUND)))
    @APIResponse(responseCode = "409", description = "Slot full, or the registration is no longer active",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class), examples = {
                    @ExampleObject(name = "slot-full", value = SLOT_FULL),
                    @ExampleObject(name = "not-modifiable", value = NOT_MODIFIABLE)}))
    @APIResponse(responseCode = "415", description = "Not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "unsupported-media-type", value = UNSUPPORTED)))
    public RegistrationView reschedule(
            @Parameter(example = "5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01") @PathParam("id") UUID id,
            @Parameter(in = ParameterIn.HEADER, required = true, description = "The manageToken of the 201 answer")
            @HeaderParam("X-Manage-Token") String token,
            @Valid @NotNull(message = "A request body is required") RescheduleRequest request) {
        Registration r = registrations.reschedule(id, token, request.preferredDate(), request.preferredTime());
        metrics.count(r.treatmentCode, "rescheduled");
        return view(r);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Cancel a registration", description = "Cancels an active registration and frees its place.")
    @APIResponse(responseCode = "200", description = "Cancelled",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RegistrationView.class),
                    examples = @ExampleObject(name = "cancelled", value = VIEW_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "Unknown id, or wrong or missing token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-found", value = NOT_FOUND)))
    @APIResponse(responseCode = "409", description = "Already cancelled, attended or no-show",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-modifiable", value = NOT_MODIFIABLE)))
    public RegistrationView cancel(
            @Parameter(example = "5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01") @PathParam("id") UUID id,
            @Parameter(in = ParameterIn.HEADER, required = true, description = "The manageToken of the 201 answer")
            @HeaderParam("X-Manage-Token") String token) {
        Registration r = registrations.cancel(id, token);
        metrics.count(r.treatmentCode, "cancelled");
        return view(r);
    }

    private RegistrationView view(Registration r) {
        return RegistrationView.of(r, registrations.consentOf(r.id).orElse(null), null, duration(r));
    }

    private int duration(Registration r) {
        return catalogue.catalogue().treatment(r.treatmentCode).orElseThrow().durationMinutes;
    }

    private Response replay(IdempotencyRecord record, String key, String requestHash) {
        if (!record.requestHash.equals(requestHash)) {
            throw new BookingProblem(BookingProblem.Kind.UNPROCESSABLE, "idempotency-key-reused", "Idempotency-Key reused",
                    "This Idempotency-Key was used for a different request.", java.util.List.of(), 0);
        }
        return Response.status(record.status).location(URI.create(record.location)).type(MediaType.APPLICATION_JSON)
                .entity(withToken(record.body, tokens.issue(record.registrationId, key))).build();
    }

    static String location(UUID id) {
        return "/api/v1/registrations/" + id;
    }

    private String bodyWithoutToken(RegistrationView view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored answer with the token put back right after the id, byte for byte the same every time. */
    private String withToken(String body, String token) {
        // The view writes the id first ({"id":"<uuid>",...}) and a token is base64url, which JSON needs no
        // escapes for: splice it in rather than parse and write the whole answer again on every registration.
        int idEnd = ID_PREFIX.length() + 36;
        if (body.startsWith(ID_PREFIX) && body.length() > idEnd + 1 && body.charAt(idEnd) == '"' && body.charAt(idEnd + 1) == ','
                && TOKEN.matcher(token).matches()) {
            return body.substring(0, idEnd + 1) + ",\"manageToken\":\"" + token + "\"" + body.substring(idEnd + 1);
        }
        try {
            ObjectNode stored = (ObjectNode) json.readTree(body);
            ObjectNode answer = json.createObjectNode();
            Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> fields = stored.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                answer.set(field.getKey(), field.getValue());
                if (field.getKey().equals("id")) {
                    answer.put("manageToken", token);
                }
            }
            return json.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String hash(RegistrationRequest request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
