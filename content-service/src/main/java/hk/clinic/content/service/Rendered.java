package hk.clinic.content.service;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import jakarta.ws.rs.core.MediaType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A response body rendered once and served many times: the exact bytes, their strong ETag (a hash of those
 * bytes, so equal bytes always get the same tag on every replica), media type and language.
 * <p>
 * Everything a response needs is prepared here, once per rendering: the body sits in off-heap memory as a Vert.x
 * buffer that every response writes straight to the socket (no copy per request; Vert.x hands each write its own
 * unreleasable slice, so one buffer serves any number of concurrent responses, and the memory goes back when the
 * rendering is dropped and collected), and the {@code Content-Type} is parsed once.
 */
public final class Rendered {

    /** Cached answer "there is nothing here", so unknown slugs do not reach the database on every request. */
    public static final Rendered MISSING = new Rendered(new byte[0], "\"missing\"", null, null);

    private final Buffer body;
    private final int length;
    private final String etag;
    private final String mediaType;
    private final MediaType contentType;
    private final String contentLanguage;

    private Rendered(byte[] bytes, String etag, String mediaType, String contentLanguage) {
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        this.body = Buffer.buffer(Unpooled.wrappedBuffer(direct));
        this.length = bytes.length;
        this.etag = etag;
        this.mediaType = mediaType;
        this.contentType = mediaType == null ? null : MediaType.valueOf(mediaType + ";charset=UTF-8");
        this.contentLanguage = contentLanguage;
    }

    public static Rendered of(byte[] body, String mediaType, String contentLanguage) {
        return new Rendered(body, etag(body), mediaType, contentLanguage);
    }

    /** The bytes, shared by every response: never write to this buffer. */
    public Buffer body() {
        return body;
    }

    public String etag() {
        return etag;
    }

    /** The media type without parameters ({@code application/json}). */
    public String mediaType() {
        return mediaType;
    }

    /** What the {@code Content-Type} header says: the media type with {@code charset=UTF-8}. */
    public MediaType contentType() {
        return contentType;
    }

    public String contentLanguage() {
        return contentLanguage;
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
        return "Rendered[" + body.getString(0, Math.min(length, 60), StandardCharsets.UTF_8.name()) + "…, " + etag + "]";
    }
}
