package hk.clinic.notification.service;

import hk.clinic.notification.config.NotificationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/** Unsubscribe tokens: the registration id and its HMAC-SHA256 under a server secret, so nobody can forge one. */
@ApplicationScoped
public class OptOutTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @Inject
    NotificationConfig config;

    public String tokenFor(UUID registrationId) {
        return registrationId + "." + B64.encodeToString(mac(registrationId.toString()));
    }

    public String unsubscribeUrl(UUID registrationId) {
        return config.optOut().publicBaseUrl() + "/api/v1/opt-outs?token=" + tokenFor(registrationId);
    }

    /** The registration the token was issued for, if the signature holds. */
    public Optional<UUID> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            UUID id = UUID.fromString(token.substring(0, dot));
            byte[] given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            return MessageDigest.isEqual(given, mac(id.toString())) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(config.optOut().secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(("opt-out:" + value).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
