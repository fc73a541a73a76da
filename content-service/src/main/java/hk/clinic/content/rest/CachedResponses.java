package hk.clinic.content.rest;

import hk.clinic.content.service.Rendered;
import jakarta.ws.rs.core.Response;

/**
 * The HTTP side of pre-rendered bodies: strong ETag, conditional GET (304 without a body), CDN-friendly
 * Cache-Control and the Vary header that keeps a CDN from serving one language to another reader.
 * <p>
 * Public reads return the {@link java.util.concurrent.CompletionStage} of {@code RenderCache.lookup}, which Quarkus
 * REST runs on the Vert.x event loop: a cache hit is answered there at once, from memory, with no hop to a worker
 * thread; a miss (or a due revision check) is rendered on the worker pool, since it reads the database.
 */
final class CachedResponses {

    private CachedResponses() {
    }

    static Response of(Rendered r, String ifNoneMatch, String cacheControl, String vary) {
        Response.ResponseBuilder b;
        if (matches(ifNoneMatch, r.etag())) {
            b = Response.notModified();
        } else {
            b = Response.ok(r.body(), r.contentType());
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

    /**
     * RFC 9110 If-None-Match uses the weak comparison: W/"x" matches "x". The header is a comma-separated list
     * (each entry trimmed, "*" matches anything); it is scanned in place, without splitting it into strings.
     */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        int n = ifNoneMatch.length();
        int from = 0;
        while (true) {
            int comma = ifNoneMatch.indexOf(',', from);
            int end = comma < 0 ? n : comma;
            int start = from;
            while (start < end && ifNoneMatch.charAt(start) <= ' ') {
                start++;
            }
            while (end > start && ifNoneMatch.charAt(end - 1) <= ' ') {
                end--;
            }
            if (end - start == 1 && ifNoneMatch.charAt(start) == '*') {
                return true;
            }
            if (ifNoneMatch.startsWith("W/", start) && end - start >= 2) {
                start += 2;
            }
            if (end - start == etag.length() && ifNoneMatch.startsWith(etag, start)) {
                return true;
            }
            if (comma < 0) {
                return false;
            }
            from = comma + 1;
        }
    }
}
