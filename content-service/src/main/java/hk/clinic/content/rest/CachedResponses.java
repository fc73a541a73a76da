package hk.clinic.content.rest;

import hk.clinic.content.service.Rendered;
import jakarta.ws.rs.core.Response;

/**
 * The HTTP side of pre-rendered bodies: strong ETag, conditional GET (304 without a body), CDN-friendly
 * Cache-Control and the Vary header that keeps a CDN from serving one language to another reader.
 */
final class CachedResponses {

    private CachedResponses() {
    }

    static Response of(Rendered r, String ifNoneMatch, String cacheControl, String vary) {
        Response.ResponseBuilder b;
        if (matches(ifNoneMatch, r.etag())) {
            b = Response.notModified();
        } else {
            b = Response.ok(r.body(), r.mediaType() + ";charset=UTF-8");
        }
        b.header("ETag", r.etag()).header("Cache-Control", cacheControl);
        if (vary != null) {
            b.header("Vary", vary);
        }
        if (r.contentLanguage() != null) {
            b.header("Content-Language", r.contentLanguage());
        }
        return b.build();
    }

    /** RFC 9110 If-None-Match uses the weak comparison: W/"x" matches "x". */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*")) {
                return true;
            }
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
