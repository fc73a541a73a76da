package hk.clinic.notification.rest;

/** Example bodies shown in the OpenAPI document. */
final class ProblemExamples {

    static final String UNAUTHORIZED = """
            {"type":"https://api.clinic.hk/problems/unauthorized","title":"Unauthorized","status":401,
            "detail":"A valid staff bearer token is required","instance":"/api/v1/staff/notifications"}""";
    static final String FORBIDDEN = """
            {"type":"https://api.clinic.hk/problems/forbidden","title":"Forbidden","status":403,
            "detail":"This operation needs the staff role","instance":"/api/v1/staff/notifications"}""";
    static final String INVALID_QUERY = """
            {"type":"https://api.clinic.hk/problems/validation","title":"Bad request","status":400,
            "detail":"The query is invalid","instance":"/api/v1/staff/notifications",
            "errors":[{"field":"registrationId","message":"must be a UUID"}]}""";
    static final String NOT_FOUND = """
            {"type":"https://api.clinic.hk/problems/not-found","title":"Not found","status":404,
            "detail":"No notification 9d7c8e1a-3b2f-4f6e-8a1d-5c4b3a291f00",
            "instance":"/api/v1/staff/notifications/9d7c8e1a-3b2f-4f6e-8a1d-5c4b3a291f00/retry"}""";
    static final String NOT_FAILED = """
            {"type":"https://api.clinic.hk/problems/conflict","title":"Conflict","status":409,
            "detail":"Only a FAILED notification can be retried; this one is SENT",
            "instance":"/api/v1/staff/notifications/9d7c8e1a-3b2f-4f6e-8a1d-5c4b3a291f00/retry"}""";
    static final String NOT_SCHEDULED = """
            {"type":"https://api.clinic.hk/problems/conflict","title":"Conflict","status":409,
            "detail":"Only a SCHEDULED notification can be cancelled; this one is SENT",
            "instance":"/api/v1/staff/notifications/9d7c8e1a-3b2f-4f6e-8a1d-5c4b3a291f00/cancel"}""";
    static final String RETRIED = """
            {"id":"9d7c8e1a-3b2f-4f6e-8a1d-5c4b3a291f00","registrationId":"5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01",
            "type":"REMINDER","step":"2026-12-01T06:30:00Z","channel":"SMS","status":"SCHEDULED","locale":"en",
            "dueAt":"2026-11-30T14:35:00+08:00","sentAt":null,"attempts":0,
            "lastError":"SMS HTTP 400: invalid To number","providerMessageId":null,"fallbackOf":null}""";
    static final String CANCELLED = """
            {"id":"9d7c8e1a-3b2f-4f6e-8a1d-5c4b3a291f00","registrationId":"5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01",
            "type":"REMINDER","step":"2026-12-01T06:30:00Z","channel":"WHATSAPP","status":"CANCELLED","locale":"en",
            "dueAt":"2026-11-30T14:30:00+08:00","sentAt":null,"attempts":0,"lastError":"Cancelled by staff",
            "providerMessageId":null,"fallbackOf":null}""";
    static final String INVALID_TOKEN = """
            {"type":"https://api.clinic.hk/problems/invalid-token","title":"Bad request","status":400,
            "detail":"The unsubscribe link is invalid","instance":"/api/v1/opt-outs",
            "errors":[{"field":"token","message":"is not a valid unsubscribe token"}]}""";
    static final String TOO_MANY = """
            {"type":"https://api.clinic.hk/problems/too-many-requests","title":"Too many requests","status":429,
            "detail":"Too many requests from this address; try again in 42 s","instance":"/api/v1/opt-outs"}""";
    static final String CLOCK_OFF = """
            {"type":"https://api.clinic.hk/problems/not-found","title":"Not found","status":404,
            "detail":"The clock cannot be moved in this environment","instance":"/api/v1/staff/clock"}""";

    private ProblemExamples() {
    }
}
