package hk.clinic.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The RSA key pair that signs staff JWTs outside production: generated on first use (never committed),
 * kept in a directory for the local run, in memory for tests. Production verifies tokens from the clinic's
 * identity provider with its public key, configured through {@code mp.jwt.verify.publickey.location}.
 */
public final class StaffKeys {

    public static final String ISSUER = "https://auth.clinic.local";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private StaffKeys(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    public static StaffKeys generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new StaffKeys(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads the pair from {@code dir}, generating and saving it on first use. */
    public static StaffKeys loadOrGenerate(Path dir) {
        Path privatePem = dir.resolve("jwt-private.pem");
        Path publicPem = dir.resolve("jwt-public.pem");
        try {
            if (Files.exists(privatePem) && Files.exists(publicPem)) {
                KeyFactory rsa = KeyFactory.getInstance("RSA");
                return new StaffKeys(
                        rsa.generatePrivate(new PKCS8EncodedKeySpec(fromPem(Files.readString(privatePem)))),
                        rsa.generatePublic(new X509EncodedKeySpec(fromPem(Files.readString(publicPem)))));
            }
            StaffKeys keys = generate();
            Files.createDirectories(dir);
            Files.writeString(privatePem, keys.privateKeyPem());
            Files.writeString(publicPem, keys.publicKeyPem());
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Unreadable key pair in " + dir, e);
        }
    }

    public String privateKeyPem() {
        return pem("PRIVATE KEY", privateKey.getEncoded());
    }

    public String publicKeyPem() {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    /** A signed RS256 token with the given groups, as the clinic's identity provider would issue. */
    public String mint(String subject, List<String> groups, Duration validFor) {
        Instant now = Instant.now();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String payload = "{\"iss\":" + Json.string(ISSUER)
                + ",\"sub\":" + Json.string(subject)
                + ",\"upn\":" + Json.string(subject)
                + ",\"groups\":" + Json.array(groups)
                + ",\"jti\":" + Json.string(UUID.randomUUID().toString())
                + ",\"iat\":" + now.getEpochSecond()
                + ",\"exp\":" + now.plus(validFor).getEpochSecond() + "}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(privateKey);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] fromPem(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }
}
