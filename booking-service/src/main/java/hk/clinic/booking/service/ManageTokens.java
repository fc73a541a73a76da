package hk.clinic.booking.service;

import hk.clinic.booking.config.BookingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Manage tokens are never stored: the database holds their SHA-256 only. A token is an HMAC of the
 * registration id and the request's Idempotency-Key (or of a random nonce), so a retried POST can be answered
 * with the same token again without keeping it anywhere.
 */
@ApplicationScoped
public class ManageTokens {

    private static final Logger LOG = Logger.getLogger(ManageTokens.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] secret;

    @Inject
    public ManageTokens(BookingConfig config) {
        this.secret = config.booking().tokenSecret().map(s -> s.getBytes(StandardCharsets.UTF_8)).orElseGet(() -> {
            LOG.warn("clinic.booking.token-secret is not set: using a random one, so retried POSTs answered by "
                    + "another replica or after a restart get a different manage token");
            byte[] random = new byte[32];
            RANDOM.nextBytes(random);
            return random;
        });
    }

    /** The token for a registration created under the given idempotency key (or none: a random token). */
    public String issue(UUID registrationId, String idempotencyKey) {
        String seed = idempotencyKey != null ? "key:" + idempotencyKey : "nonce:" + UUID.randomUUID();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] token = mac.doFinal((registrationId + "|" + seed).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    /** Constant-time comparison, so response timing reveals nothing about a stored hash. */
    public static boolean matches(String token, String storedHash) {
        if (token == null || storedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(token), HexFormat.of().parseHex(storedHash));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
