package hk.clinic.content.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A response body rendered once and served many times: the exact bytes, their strong ETag (a hash of those
 * bytes, so equal bytes always get the same tag on every replica), media type and language.
 */
public record Rendered(byte[] body, String etag, String mediaType, String contentLanguage) {

    /** Cached answer "there is nothing here", so unknown slugs do not reach the database on every request. */
    public static final Rendered MISSING = new Rendered(new byte[0], "\"missing\"", null, null);

    public static Rendered of(byte[] body, String mediaType, String contentLanguage) {
        return new Rendered(body, etag(body), mediaType, contentLanguage);
    }

    public boolean missing() {
        return this == MISSING;
    }

    static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "Rendered[" + new String(body, 0, Math.min(body.length, 60), StandardCharsets.UTF_8) + "…, " + etag + "]";
    }
}
